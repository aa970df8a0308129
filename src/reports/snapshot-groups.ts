import type { Database } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { AppError } from '../lib/errors.js';
import { REPORTS } from './registry.js';
import type { ReportContext, ReportModule } from './report-module.js';
import { buildContext, contextFor } from './run-report.js';

/**
 * Reports whose default view is too heavy to compute per request at scale (architecture.md): the
 * modules with a `snapshot` policy, grouped by the work they share (clv and churn fit the same models,
 * cached per report context, so they run in one context; every other group runs in its own).
 */
const SNAPSHOT_MODULES: readonly ReportModule[] = REPORTS.filter((r) => r.snapshot !== undefined);
export const SNAPSHOT_GROUPS: readonly string[] = [...new Set(SNAPSHOT_MODULES.map((r) => r.snapshot!.group))];
export const SNAPSHOT_REPORTS: readonly string[] = SNAPSHOT_MODULES.map((r) => r.name);

/** One computed default view; `ctx` without its database handle, so it can cross a thread. */
export interface ComputedSnapshot {
  name: string;
  ctx: Omit<ReportContext, 'database'>;
  body: unknown;
  ms: number;
}

/** Computes one group's default views in one context on `database` (live: no snapshot is read). */
async function computeGroup(database: Database, group: readonly ReportModule[]): Promise<ComputedSnapshot[]> {
  const { database: _db, ...ctx } = { ...(await buildContext(database, { filters: {} })), isDefault: false };
  const shared: ReportContext = { ...ctx, database };
  return Promise.all(
    group.map(async (definition) => {
      const started = performance.now();
      const { source: _source, snapshotAt: _at, ...body } = await definition.run(contextFor(definition, shared));
      return { name: definition.name, ctx, body, ms: Math.round(performance.now() - started) };
    }),
  );
}

/**
 * Computes the snapshot group `group` in its own read-only repeatable-read transaction on `database`, so
 * every view of the group is of one state of the data. Runs in-process or on a report thread (which
 * opened its own connection to the same database).
 */
export function computeSnapshotGroup(database: Database, group: string): Promise<ComputedSnapshot[]> {
  const members = SNAPSHOT_MODULES.filter((r) => r.snapshot!.group === group);
  if (members.length === 0) throw new AppError('INTERNAL', `No snapshot group "${group}".`);
  return inTransaction(database, (tx) => computeGroup(tx, members), { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
