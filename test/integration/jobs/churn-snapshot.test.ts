import { sql } from 'drizzle-orm';
import { rows } from '../../../src/db/sql/run.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot, writeSnapshot } from '../../../src/db/queries/report-snapshots.js';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import type { JobName, JobPayloads } from '../../../src/jobs/queues.js';
import { DEFAULT_VIEW } from '../../../src/reports/snapshot.js';
import { AT_RISK_VIEW, atRiskCustomers, type AtRiskCustomer } from '../../../src/reports/churn/at-risk-snapshot.js';
import type { FakeSlack } from '../../helpers/fake-slack.js';
import type { TestDatabase } from '../../helpers/services.js';
import { databaseWith, fakeSlack, freshSales, jobSettings, postsTo, posterFor, silentLog, subscription } from './jobs-setup.js';

/**
 * The churn alert reads the at-risk list the refresh job stored instead of refitting BG/NBD on every
 * run, as long as that list was computed for the same as-of day from the same data; otherwise it runs
 * live. freshSales(): Acme GmbH (C1) and Beta Inc (C2) are at risk.
 */
describe('churn alerts and the at-risk snapshot', () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  let runner: InProcessRunner;
  let n = 0;
  const run = async <N extends JobName>(name: N, payload: JobPayloads[N]) => {
    const results = await runner.run(name, payload, `snap${++n}`);
    for (const r of results) if (r.error) throw r.error;
    return results;
  };
  const stored = async () => (await readSnapshot(t.database, 'churn', AT_RISK_VIEW))!;
  /** Rewrites the stored list with every name marked, keeping (or replacing) what it was computed for. */
  const mark = async (over: { dataAsOf?: string | null } = {}) => {
    const s = await stored();
    const customers = (s.result as { customers: AtRiskCustomer[] }).customers.map((c) => ({ ...c, name: `${c.name} (from the snapshot)` }));
    await writeSnapshot(t.database, {
      report: 'churn',
      paramsKey: AT_RISK_VIEW,
      asOf: s.asOf,
      dataAsOf: over.dataAsOf === undefined ? s.dataAsOf : over.dataAsOf,
      result: { customers },
      durationMs: 0,
    });
  };
  const textOf = (channel: string) => postsTo(slack, channel).map((p) => JSON.stringify(p.args.blocks)).join('\n');

  beforeAll(async () => {
    t = await databaseWith(freshSales());
    slack = await fakeSlack();
    runner = createInProcessRunner({ database: t.database, slack: posterFor(slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, backoffMs: 10 });
  });
  afterAll(async () => {
    await slack.stop();
    await t.drop();
  });

  it('the refresh job stores every customer at risk when a churn alert is active, not only the top rows', async () => {
    await subscription(t.database, { kind: 'alert', subject: 'churn', target: 'C0SNAP' });
    expect(await readSnapshot(t.database, 'churn', AT_RISK_VIEW)).toBeUndefined();
    await run('snapshot-refresh', { trigger: 'manual', alreadyRefreshed: true });
    const s = await stored();
    expect((s.result as { customers: AtRiskCustomer[] }).customers.map((c) => c.customerId).sort()).toEqual(['C1', 'C2']);
    const read = await atRiskCustomers(t.database, { filters: {}, scope: { kind: 'all' } });
    expect(read.source).toBe('snapshot');
    expect(read.customers.map((c) => c.customerId).sort()).toEqual(['C1', 'C2']);
    expect(s.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('a churn alert on the same data reads the stored list (no refit): the names it posts are the stored ones', async () => {
    await mark();
    const sub = await subscription(t.database, { kind: 'alert', subject: 'churn', target: 'C0FROMSNAP' });
    await run('subscription-run', { subscriptionId: sub.id, runKey: 'w1', trigger: 'manual' });
    const text = textOf('C0FROMSNAP');
    expect(text).toContain('Acme GmbH (from the snapshot)');
    expect(text).toContain('Beta Inc (from the snapshot)');
  });

  it('a filtered alert, or one whose owner sees fewer customers, fits its own population live', async () => {
    expect((await atRiskCustomers(t.database, { filters: { region: ['North'] }, scope: { kind: 'all' } })).source).toBe('live');
    expect((await atRiskCustomers(t.database, { filters: {}, scope: { kind: 'all' }, asOf: (await stored()).asOf })).source).toBe('live');
    const sub = await subscription(t.database, { kind: 'alert', subject: 'churn', target: 'C0NORTH', filters: { region: 'North' } });
    await run('subscription-run', { subscriptionId: sub.id, runKey: 'w1', trigger: 'manual' });
    const text = textOf('C0NORTH');
    expect(text).toContain('Acme GmbH');
    expect(text).not.toContain('(from the snapshot)');
  });

  it('falls back to a live run when the stored list was computed from other data', async () => {
    const before = (await stored()).dataAsOf!;
    await mark({ dataAsOf: new Date(Date.parse(before) - 3_600_000).toISOString() });
    expect((await atRiskCustomers(t.database, { filters: {}, scope: { kind: 'all' } })).source).toBe('live');
    const sub = await subscription(t.database, { kind: 'alert', subject: 'churn', target: 'C0STALE' });
    await run('subscription-run', { subscriptionId: sub.id, runKey: 'w1', trigger: 'manual' });
    const text = textOf('C0STALE');
    expect(text).toContain('Acme GmbH');
    expect(text).toContain('Beta Inc');
    expect(text).not.toContain('(from the snapshot)');
  });

  it('after an import that left the report snapshots to it, the refresh job stores them; after one that did not, it leaves them', async () => {
    const clv = () => readSnapshot(t.database, 'clv', DEFAULT_VIEW);
    await rows(t.database, sql`delete from report_snapshots where report = 'clv'`);
    await run('snapshot-refresh', { trigger: 'import', alreadyRefreshed: true });
    expect(await clv()).toBeUndefined();
    await run('snapshot-refresh', { trigger: 'import', snapshotsOnly: true });
    expect((await clv())?.dataAsOf).toBeTruthy();
  });
});
