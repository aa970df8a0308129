import type { Database } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { childLogger } from '../lib/logger.js';
import { buildContext, contextFor } from './run-report.js';
import { REPORTS } from './registry.js';
import type { ReportContext, ReportModule } from './report-module.js';
import { storeSnapshot } from './snapshot.js';

/**
 * Reports whose default view is too heavy to compute per request at scale (architecture.md): the
 * modules with a `snapshot` policy, grouped by the work they share (clv and churn fit the same models,
 * cached per report context, so they run in one context; every other group runs in its own).
 */
const SNAPSHOT_MODULES: readonly ReportModule[] = REPORTS.filter((r) => r.snapshot !== undefined);
const SNAPSHOT_GROUPS: readonly (readonly ReportModule[])[] = [...new Set(SNAPSHOT_MODULES.map((r) => r.snapshot!.group))].map((group) =>
  SNAPSHOT_MODULES.filter((r) => r.snapshot!.group === group),
);
export const SNAPSHOT_REPORTS: readonly string[] = SNAPSHOT_MODULES.map((r) => r.name);

interface Computed {
  name: string;
  ctx: ReportContext;
  body: unknown;
  ms: number;
}

/** Computes one group's default views in one context on `database` (live: no snapshot is read). */
async function computeGroup(database: Database, group: readonly ReportModule[]): Promise<Computed[]> {
  const ctx: ReportContext = { ...(await buildContext(database, { filters: {} })), isDefault: false };
  return Promise.all(
    group.map(async (definition) => {
      const started = performance.now();
      const { source: _source, snapshotAt: _at, ...body } = await definition.run(contextFor(definition, ctx));
      return { name: definition.name, ctx, body, ms: Math.round(performance.now() - started) };
    }),
  );
}

/**
 * Recomputes and stores the default view of each heavy report, from committed rollups.
 *
 * On PostgreSQL each group reads in its own read-only repeatable-read transaction, so the groups' SQL
 * runs on separate backends side by side (one backend would run it one statement at a time on one
 * core) while Node models another group's rows; each snapshot records the as-of and data freshness of
 * the state it read, which is what decides whether a report may serve it. All are then stored in one
 * transaction. The embedded database has one connection: the groups run in turn in one transaction.
 */
export async function refreshSnapshots(database: Database): Promise<Record<string, number>> {
  const log = childLogger('snapshots');
  const snapshotRead = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;
  const computed =
    database.kind === 'postgres'
      ? (await Promise.all(SNAPSHOT_GROUPS.map((g) => inTransaction(database, (tx) => computeGroup(tx, g), snapshotRead)))).flat()
      : await inTransaction(
          database,
          async (tx) => {
            const out: Computed[] = [];
            for (const g of SNAPSHOT_GROUPS) out.push(...(await computeGroup(tx, g)));
            return out;
          },
          snapshotRead,
        );
  const timings: Record<string, number> = {};
  await inTransaction(database, async (tx) => {
    for (const { name, ctx, body, ms } of computed) {
      await storeSnapshot({ ...ctx, database: tx }, name, body, ms);
      timings[name] = ms;
      log.debug({ report: name, ms }, 'snapshot stored');
    }
  });
  return timings;
}
