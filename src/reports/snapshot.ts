import { readSnapshot, writeSnapshot } from '../db/queries/report-snapshots.js';
import type { ReportContext } from './report-module.js';

export const DEFAULT_VIEW = 'default';

/**
 * The materialized default view of a report, when the request is the default one and the snapshot was
 * computed for the same as-of day from the same data; otherwise undefined and the report runs live.
 */
export async function snapshotFor<Body>(
  ctx: ReportContext,
  report: string,
): Promise<(Body & { source: 'snapshot'; snapshotAt: string }) | undefined> {
  if (!ctx.isDefault) return undefined;
  const s = await readSnapshot(ctx.database, report, DEFAULT_VIEW);
  if (!s || s.asOf !== ctx.asOf || s.dataAsOf !== ctx.dataAsOf) return undefined;
  return { ...(s.result as Body), source: 'snapshot', snapshotAt: s.createdAt };
}

/** Stores a freshly computed default view (called by the refresh step). */
export async function storeSnapshot(ctx: ReportContext, report: string, body: unknown, durationMs: number): Promise<void> {
  await writeSnapshot(ctx.database, { report, paramsKey: DEFAULT_VIEW, asOf: ctx.asOf, dataAsOf: ctx.dataAsOf, result: body, durationMs });
}
