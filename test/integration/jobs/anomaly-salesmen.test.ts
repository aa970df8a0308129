import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import { ReportThreads, type ThreadTaskInfo } from '../../../src/reports/report-threads.js';
import { anomalyCases, anomalyCasesBySalesman } from '../../../src/services/anomaly-alerts.js';
import { ALERT_ACTION_IDS } from '../../../src/slack/blocks/churn-alert-message.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { RecordedCall } from '../../helpers/fake-slack.js';
import { seed } from '../../helpers/seed.js';
import { createPgliteDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { daysAgo, databaseWith, jobSettings, postsTo, posterFor, silentLog, subscription } from './jobs-setup.js';

/**
 * 200 days of Mon–Fri orders in three salesmen's books (two customers each, a printer buyer and a toner
 * buyer, with a ±15 % wobble): Ann and Cid in the North, Bob in the South. On the last working day before
 * today Bob's printer customer (Delta) orders four times his usual: Bob's book is far above its expected
 * range; Ann's and Cid's are normal days.
 */
function booksWithSpike(today = new Date()) {
  const s = seed()
    .salesman('S1', { name: 'Ann Smith', email: 'ann@example.com', slackUser: 'U0ANN', region: 'North' })
    .salesman('S2', { name: 'Bob Jones', email: 'bob@example.com', slackUser: 'U0BOB', region: 'South' })
    .salesman('S3', { name: 'Cid Moreau', email: 'cid@example.com', slackUser: 'U0CID', region: 'North' })
    .customer('C1', { name: 'Acme GmbH', region: 'North', salesman: 'S1' })
    .customer('C2', { name: 'Beta Inc', region: 'North', salesman: 'S1' })
    .customer('C3', { name: 'Gamma Ltd', region: 'South', salesman: 'S2' })
    .customer('C4', { name: 'Delta SA', region: 'South', salesman: 'S2' })
    .customer('C5', { name: 'Epsilon AG', region: 'North', salesman: 'S3' })
    .customer('C6', { name: 'Zeta BV', region: 'North', salesman: 'S3' })
    .product('P1', { name: 'Printer', category: 'Hardware', price: 100, cost: 60, stock: 10, active: true })
    .product('P2', { name: 'Toner', category: 'Supplies', price: 20, cost: 8, stock: 100, active: true });
  let lastWorkday = -1;
  for (let d = 1; lastWorkday < 0; d++) if ([1, 2, 3, 4, 5].includes(new Date(today.getTime() - d * 86_400_000).getUTCDay())) lastWorkday = d;
  let x = 11;
  const wobble = () => ((x = (x * 48271) % 2147483647), 0.85 + 0.3 * (x / 2147483647));
  const book = [
    ['C1', 'S1', 'P1', 3],
    ['C2', 'S1', 'P2', 10],
    ['C3', 'S2', 'P2', 10],
    ['C4', 'S2', 'P1', 8],
    ['C5', 'S3', 'P1', 4],
    ['C6', 'S3', 'P2', 12],
  ] as const;
  for (let d = 200; d >= lastWorkday; d--) {
    const dow = new Date(today.getTime() - d * 86_400_000).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    for (const [c, salesman, product, qty] of book) {
      const q = c === 'C4' && d === lastWorkday ? qty * 4 : Math.max(1, Math.round(qty * wobble()));
      s.sale({ order: `${c}-${d}`, on: daysAgo(d, today), customer: c, salesman, product, qty: q, price: product === 'P1' ? 100 : 20 });
    }
  }
  return s.files();
}

describe('anomaly alert to salesmen: each his own book', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let runner: InProcessRunner;
  let n = 0;
  /** The in-process cases by salesman on PostgreSQL, for the embedded database's comparison. */
  let inProcessBySalesman: Map<number, { subject: string }[]> | undefined;
  const blocksOf = (c: RecordedCall) => JSON.stringify(c.args.blocks);
  const anomalyPosts = (user: string) => postsTo(h.slack, user).filter((c) => blocksOf(c).includes('outside the expected range'));
  const runSub = async (subscriptionId: number) => {
    for (const r of await runner.run('subscription-run', { subscriptionId, runKey: `run${++n}`, trigger: 'manual' }, `a${n}`)) if (r.error) throw r.error;
  };
  const rows = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };

  beforeAll(async () => {
    t = await databaseWith(booksWithSpike());
    h = await new SlackHarness(t.database).start();
    for (const [id, email] of [
      ['U0ANN', 'ann@example.com'],
      ['U0BOB', 'bob@example.com'],
      ['U0CID', 'cid@example.com'],
    ] as const)
      h.slack.users.set(id, { id, tz: 'UTC', email });
    runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, backoffMs: 10 });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('only the salesman whose book jumped gets a DM, about his book, with buttons; a rerun DMs nobody again', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'anomalies', target: 'salesmen', cron: '0 7 * * *' });
    await runSub(sub.id);
    const bob = anomalyPosts('U0BOB');
    expect(bob.filter((p) => !p.args.thread_ts)).toHaveLength(1);
    expect(anomalyPosts('U0ANN')).toHaveLength(0);
    expect(anomalyPosts('U0CID')).toHaveLength(0);
    const text = blocksOf(bob[0]!);
    expect(text).toContain('Revenue*, your book,');
    expect(text).toContain('chart_with_upwards_trend');
    expect(text).toContain('Delta SA'); // the customer behind the jump
    expect(text).not.toContain('Acme GmbH'); // Ann's customer: not in Bob's book
    expect(text).toContain(ALERT_ACTION_IDS.snooze);
    expect(blockKitViolations(bob[0]!.args)).toEqual([]);
    const alerts = await rows<{ recipient: string; subject_key: string; details: { dimension: string; direction: string; ownBook: boolean } }>(
      `select split_part(subject_key, ':', 1) as recipient, subject_key, details from alert_state where alert_kind = 'anomalies' order by id`,
    );
    expect(alerts.length).toBeGreaterThan(0);
    expect(new Set(alerts.map((a) => a.recipient))).toEqual(new Set(['U0BOB']));
    expect(alerts.every((a) => a.details.direction === 'above' && a.details.ownBook)).toBe(true);
    expect(alerts.some((a) => a.details.dimension === 'all')).toBe(true);
    // Never a team-wide or other salesman's slice in his DM.
    expect(alerts.some((a) => a.details.dimension === 'salesman')).toBe(false);

    await runSub(sub.id);
    expect(anomalyPosts('U0BOB')).toHaveLength(bob.length);
    expect(anomalyPosts('U0ANN')).toHaveLength(0);
    expect(anomalyPosts('U0CID')).toHaveLength(0);
  }, 180_000);

  it('fits the slices on report threads side by side, with the in-process results', async () => {
    const ran: ThreadTaskInfo[] = [];
    const threads = new ReportThreads({ size: 2, onTask: (info) => ran.push(info) });
    try {
      const opts = { filters: {}, scope: { kind: 'all' as const }, grain: 'day' as const };
      const here = await anomalyCases(t.database, { ...opts, threads: null });
      const there = await anomalyCases(t.database, { ...opts, threads });
      expect(here.length).toBeGreaterThan(0);
      expect(there).toEqual(here);
      const fits = ran.filter((r) => r.kind === 'anomaly-fits');
      // all, 2 regions, 2 categories, 3 salesmen: every slice went to a thread, and both threads took some.
      expect(fits.length).toBe(8);
      expect(fits.every((r) => r.threadId !== threadId)).toBe(true);
      expect(new Set(fits.map((r) => r.threadId)).size).toBe(2);

      ran.length = 0;
      const bySalesmanHere = await anomalyCasesBySalesman(t.database, { ...opts, threads: null });
      const bySalesmanThere = await anomalyCasesBySalesman(t.database, { ...opts, threads });
      expect([...bySalesmanThere]).toEqual([...bySalesmanHere]);
      expect(bySalesmanHere.size).toBe(1);
      inProcessBySalesman = bySalesmanHere;
      expect(ran.length).toBeGreaterThan(0);
      expect(ran.every((r) => r.kind === 'anomaly-fits' && r.threadId !== threadId)).toBe(true);
    } finally {
      await threads.close();
    }
  }, 180_000);

  it('on the embedded database the fits stay in this process, with the same cases', async () => {
    const p = await createPgliteDatabase();
    try {
      await loadFixture(p, booksWithSpike());
      const ran: ThreadTaskInfo[] = [];
      const threads = new ReportThreads({ size: 2, onTask: (info) => ran.push(info) });
      const opts = { filters: {}, scope: { kind: 'all' as const }, grain: 'day' as const };
      const embedded = await anomalyCasesBySalesman(p, { ...opts, threads });
      await threads.close();
      expect(ran).toEqual([]);
      const subjects = (m: Map<number, { subject: string }[]>) => [...m.values()].map((cs) => cs.map((c) => c.subject));
      expect(embedded.size).toBe(1);
      expect(subjects(embedded)).toEqual(subjects(inProcessBySalesman!));
    } finally {
      await p.close();
    }
  }, 180_000);
});
