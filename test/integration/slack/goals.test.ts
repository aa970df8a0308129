import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '../../../src/config/env.js';
import { importCsv } from '../../../src/db/import/import-csv.js';
import { rows } from '../../../src/db/sql/run.js';
import { todayIn } from '../../../src/lib/dates.js';
import { periodOf } from '../../../src/analytics/goal-period.js';
import { reportByName } from '../../../src/reports/registry.js';
import { runReport } from '../../../src/reports/run-report.js';
import type { GoalRow, GoalsReport } from '../../../src/reports/goals/goals-report.js';
import { buildDigest } from '../../../src/services/digest.js';
import { digestMessage } from '../../../src/slack/blocks/digest-message.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { imageFileId, text, type Msg } from './message-parts.js';

/**
 * Hand-computed fixture (UTC, Mon–Fri). Data runs 2025-02-10 … 2026-03-09.
 * March 2025 (21 working days; 6 through the 10th, 15 left): A 100 on 3/3 and 300 on 3/20 (Sam), C 200
 * on 3/5 (Tess) — company 300 by the 10th of 600; Sam 100 of 400; South's one new customer (C) by the 10th.
 * March 2026 (22 working days; 7 through Tue 3/10, 15 left): A 150 (3/2) and B 50 (3/4) by Sam, C 400
 * (3/6) and D 100 (3/9, D's first order ever) by Tess. Nora (S3) never sold.
 */
describe('goals: targets, pace and projection through the real app and the fake Slack', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  const goals = reportByName('goals')!;
  const report = async (asOf: string, scope?: { salesmanId: number; salesmanExternalId: string }) =>
    (await runReport(t.database, goals, { filters: {}, asOf, ...(scope ? { scope: { kind: 'salesman', ...scope } } : {}) })) as unknown as GoalsReport;
  const row = (r: GoalsReport, period: string, metric: string, scope: string): GoalRow => {
    const found = r.targets.find((x) => x.period === period && x.metric === metric && x.scope.value === scope);
    if (!found) throw new Error(`no ${period} ${metric} ${scope} in ${JSON.stringify(r.targets.map((x) => [x.period, x.metric, x.scope.value]))}`);
    return found;
  };
  const answer = async (commandText: string, user = 'UADMIN'): Promise<Msg> => {
    const r = await h.command(commandText, user);
    return (await h.responsesTo(r.responseUrl))[0]!;
  };
  const stored = () =>
    rows<{ period: string; metric: string; scope: string; amount: string; source: string }>(
      t.database,
      sql`select period, metric, scope_kind || ':' || scope_value as scope, amount::float8::text as amount, source from targets order by 1, 2, 3`,
    );

  beforeAll(async () => {
    resetEnv();
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Sam Seller', email: 'sam@example.com', region: 'North' })
      .salesman('S2', { name: 'Tess Trader', email: 'tess@example.com', region: 'South' })
      .salesman('S3', { name: 'Nora New', email: 'nora@example.com', region: 'North' })
      .customer('A', { name: 'Alpha', region: 'North', salesman: 'S1' })
      .customer('B', { name: 'Beta', region: 'North', salesman: 'S1' })
      .customer('C', { name: 'Gamma', region: 'South', salesman: 'S2' })
      .customer('D', { name: 'Delta', region: 'South', salesman: 'S2' })
      .product('P1', { name: 'Printer', category: 'Hardware' })
      .sale({ order: 'O0', on: '2025-02-10', customer: 'A', product: 'P1', salesman: 'S1', price: 50 })
      .sale({ order: 'O1', on: '2025-03-03', customer: 'A', product: 'P1', salesman: 'S1', price: 100 })
      .sale({ order: 'O2', on: '2025-03-05', customer: 'C', product: 'P1', salesman: 'S2', price: 200 })
      .sale({ order: 'O3', on: '2025-03-20', customer: 'A', product: 'P1', salesman: 'S1', price: 300 })
      .sale({ order: 'O4', on: '2026-03-02', customer: 'A', product: 'P1', salesman: 'S1', price: 150 })
      .sale({ order: 'O5', on: '2026-03-04', customer: 'B', product: 'P1', salesman: 'S1', price: 50 })
      .sale({ order: 'O6', on: '2026-03-06', customer: 'C', product: 'P1', salesman: 'S2', price: 400 })
      .sale({ order: 'O7', on: '2026-03-09', customer: 'D', product: 'P1', salesman: 'S2', price: 100 })
      .target({ period: '2026-03', metric: 'revenue', amount: 1000 })
      .target({ period: '2026-03', metric: 'revenue', amount: 400, salesman: 'S1' })
      .target({ period: '2026-03', metric: 'new_customers', amount: 2, region: 'South' })
      .target({ period: '2026-03', metric: 'revenue', amount: 300, salesman: 'S3' })
      .target({ period: '2026-Q1', metric: 'orders', amount: 20 })
      .target({ period: '2026-04', metric: 'revenue', amount: 1200 })
      .load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).start();
    h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'boss@example.com' });
    h.slack.users.set('USAM', { id: 'USAM', email: 'sam@example.com' });
    h.slack.users.set('UTESS', { id: 'UTESS', email: 'tess@example.com' });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('measures the company month against last March: actual, pace, projection, need', async () => {
    const r = await report('2026-03-10');
    const c = row(r, '2026-03', 'revenue', '');
    expect(c.workingDays).toEqual({ total: 22, elapsed: 7, left: 15 });
    expect(c.actual).toBe(700);
    expect(c.attainment).toBeCloseTo(0.7, 9);
    expect(c.linearPace).toBeCloseTo((1000 * 7) / 22, 9);
    // Last March had sold 300 of its 600 by the 10th.
    expect(c.expectedShare).toEqual({ share: 0.5, source: 'history', years: 1 });
    expect(c.seasonalPace).toBeCloseTo(500, 9);
    // Last March's rest: 300 over 15 working days = 20 a day; one year, so no spread.
    expect(c.projected).toEqual({ point: 1000, lower: 1000, upper: 1000, basis: 'history' });
    expect(c.neededPerWorkingDay).toBeCloseTo(20, 9);
  });

  it('scopes a salesman’s target to his sales, and a salesman with no sales stays at 0 with a linear pace', async () => {
    const r = await report('2026-03-10');
    const sam = row(r, '2026-03', 'revenue', 'S1');
    expect([sam.actual, sam.attainment, sam.expectedShare.share, sam.seasonalPace]).toEqual([200, 0.5, 0.25, 100]);
    expect(sam.projected?.point).toBeCloseTo(200 + 15 * ((400 - 100) / 15), 9);
    expect(sam.neededPerWorkingDay).toBeCloseTo(200 / 15, 9);
    const nora = row(r, '2026-03', 'revenue', 'S3');
    expect(nora.scope.label).toBe('Nora New (S3)');
    expect([nora.actual, nora.attainment]).toEqual([0, 0]);
    expect(nora.expectedShare).toEqual({ share: 7 / 22, source: 'linear', years: 0 });
    expect(nora.seasonalPace).toBeCloseTo((300 * 7) / 22, 9);
    expect(nora.projected).toEqual({ point: 0, lower: 0, upper: 0, basis: 'run-rate' });
    expect(nora.neededPerWorkingDay).toBe(20);
  });

  it('counts a region’s new customers by their first order ever', async () => {
    const south = row(await report('2026-03-10'), '2026-03', 'new_customers', 'South');
    // D is new in March 2026; C was new in March 2025, by the 5th.
    expect([south.actual, south.attainment, south.seasonalPace]).toEqual([1, 0.5, 2]);
    expect(south.projected).toEqual({ point: 1, lower: 1, upper: 1, basis: 'history' });
  });

  it('paces a quarter that runs past the end of the data on its working days, without history', async () => {
    const q = row(await report('2026-03-10'), '2026-Q1', 'orders', '');
    // Jan 22 + Feb 20 + Mar 22 working days; through 3/10: 22 + 20 + 7. Four orders, all in March.
    expect(q.workingDays).toEqual({ total: 64, elapsed: 49, left: 15 });
    expect(q.actual).toBe(4);
    expect(q.expectedShare.source).toBe('linear');
    expect(q.linearPace).toBeCloseTo((20 * 49) / 64, 9);
    expect(q.projected).toEqual({ point: 4 + (15 * 4) / 49, lower: 4 + (15 * 4) / 49, upper: 4 + (15 * 4) / 49, basis: 'run-rate' });
    expect(q.neededPerWorkingDay).toBeCloseTo(16 / 15, 9);
  });

  it('shows a target in a month with no data yet at 0, paced from its start', async () => {
    const r = await report('2026-04-06');
    expect(r.targets.map((x) => x.period)).toEqual(['2026-04']);
    const april = r.targets[0]!;
    expect(april.workingDays).toEqual({ total: 22, elapsed: 4, left: 18 });
    expect([april.actual, april.attainment]).toEqual([0, 0]);
    expect(april.linearPace).toBeCloseTo((1200 * 4) / 22, 9);
    expect(april.neededPerWorkingDay).toBeCloseTo(1200 / 18, 9);
  });

  it('answers /sales goals in Slack: managers see every target ranked by attainment, with a bullet chart', async () => {
    const msg = await answer('goals as-of:2026-03-10');
    expect(blockKitViolations(msg as never)).toEqual([]);
    const s = text(msg);
    for (const name of ['Company · revenue · 2026-03', 'Sam Seller (S1)', 'Nora New (S3)', 'Region South', '2026-Q1']) expect(s).toContain(name);
    expect(s.indexOf('Company · revenue · 2026-03')).toBeLessThan(s.indexOf('Sam Seller (S1)'));
    expect(s.indexOf('Sam Seller (S1)')).toBeLessThan(s.indexOf('Nora New (S3)'));
    expect(s).toContain('70%');
    expect(imageFileId(msg)).toBeDefined();
    const ranked = (await report('2026-03-10')).targets.map((x) => x.attainment);
    expect(ranked).toEqual([...ranked].sort((a, b) => (b ?? -1) - (a ?? -1)));
  });

  it('shows a salesman his own targets only', async () => {
    const msg = await answer('goals as-of:2026-03-10', 'USAM');
    const s = text(msg);
    expect(s).toContain('Sam Seller (S1)');
    for (const other of ['Company', 'Nora New', 'Region South', '2026-Q1']) expect(s).not.toContain(other);
    const mine = await report('2026-03-10', { salesmanId: (await rows<{ id: number }>(t.database, sql`select id from salesmen where external_id = 'S1'`))[0]!.id, salesmanExternalId: 'S1' });
    expect(mine.targets.map((x) => x.scope.value)).toEqual(['S1']);
  });

  it('shows the viewer’s own attainment on App Home (as of the data’s last day, 2026-03-09)', async () => {
    h.slack.reset();
    await h.event({ type: 'app_home_opened', user: 'USAM', channel: 'D1', tab: 'home' });
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > 0);
    const view = text(h.slack.callsTo('views.publish')[0]!.args.view as Msg);
    expect(view).toContain('Your goals');
    // 6 working days done, 16 left; last March's rest after the 9th: 300 over 16 days → 200 + 300 = 500.
    expect(view).toContain('Sam Seller (S1) · revenue · 2026-03: 50% of 400 · projected 500');
    for (const other of ['Company', 'Nora New', 'Region South']) expect(view).not.toContain(other);
  });

  it('gives the weekly digest a goals section, in the digest’s scope', async () => {
    const all = digestMessage(await buildDigest(t.database, { filters: {}, scope: { kind: 'all' }, periodDays: 7, asOf: '2026-03-10', timeZone: 'UTC' }));
    expect(blockKitViolations(all as never)).toEqual([]);
    expect(JSON.stringify(all)).toContain('*Goals*\\n• Company · revenue · 2026-03: 70% of 1,000 · projected 1,000');
    const sam = (await rows<{ id: number }>(t.database, sql`select id from salesmen where external_id = 'S1'`))[0]!.id;
    const own = JSON.stringify(
      digestMessage(await buildDigest(t.database, { filters: {}, scope: { kind: 'salesman', salesmanId: sam, salesmanExternalId: 'S1' }, periodDays: 7, asOf: '2026-03-10', timeZone: 'UTC' })),
    );
    expect(own).toContain('Sam Seller (S1) · revenue · 2026-03: 50% of 400');
    expect(own).not.toContain('Company · revenue');
  });

  it('round-trips with the import: /sales goal set updates the imported row, a re-import sets it back', async () => {
    const before = await stored();
    const set = await answer('goal set revenue 1.2k 2026-03');
    expect(text(set)).toContain('Goal updated: revenue 1,200 for the company in 2026-03');
    const after = await stored();
    expect(after.length).toBe(before.length);
    expect(after.find((x) => x.scope === 'company:' && x.period === '2026-03')).toMatchObject({ amount: '1200', source: 'slack' });
    const r = await importCsv(t.database, { kind: 'targets', source: Readable.from([Buffer.from('period,metric,amount\n2026-03,revenue,1000\n')]), timeZone: 'UTC' });
    expect([r.inserted, r.updated]).toEqual([0, 1]);
    expect(await stored()).toEqual(before);
  });

  it('sets new goals by salesman id, @mention, region and relative period, read back by the report', async () => {
    expect(text(await answer('goal set orders 10 2026-03 salesman:S2'))).toContain('Goal set: orders 10 for Tess Trader (S2) in 2026-03 (2026-03-01 – 2026-03-31)');
    await answer('admin link <@UTESS|tess> S2');
    expect(text(await answer('goal set new_customers 3 march 2026 <@UTESS|tess>'))).toContain('new customers 3 for Tess Trader (S2) in 2026-03');
    expect(text(await answer('goal set revenue 5,000 2026-Q1 region:north'))).toContain('revenue 5,000 for region North in 2026-Q1');
    const thisMonth = periodOf('month', todayIn('UTC')).text;
    expect(text(await answer('goal set revenue 120k this month S1'))).toContain(`revenue 120,000 for Sam Seller (S1) in ${thisMonth}`);
    const r = await report('2026-03-10');
    // Tess's March orders: C on 3/6 and D on 3/9; her new customers: D.
    expect(row(r, '2026-03', 'orders', 'S2')).toMatchObject({ target: 10, actual: 2, attainment: 0.2 });
    expect(row(r, '2026-03', 'new_customers', 'S2')).toMatchObject({ target: 3, actual: 1 });
    // North's Q1 2026: Sam's 150 + 50.
    expect(row(r, '2026-Q1', 'revenue', 'North')).toMatchObject({ target: 5000, actual: 200 });
  });

  it('refuses salesmen, and explains bad input with the asker’s own values', async () => {
    expect(text(await answer('goal set revenue 100 2026-03', 'USAM'))).toMatch(/Only managers and admins can set goals/);
    const region = text(await answer('goal set revenue 100 2026-03 region:Atlantis'));
    expect(region).toMatch(/There is no region \\"Atlantis\\" in your data/);
    expect(region).toMatch(/North, South/);
    expect(text(await answer('goal set revenue 100 2026-03 S9'))).toMatch(/There is no salesman \\"S9\\"/);
    for (const [bad, why] of [
      ['goal set profit 100 2026-03', /not a metric/],
      ['goal set revenue lots 2026-03', /not an amount/],
      ['goal set revenue 100 someday', /not a month or quarter/],
      ['goal set revenue 100', /Say which month or quarter/],
      ['goal set revenue 100 2026-03 region:North S1', /one scope/],
    ] as const) {
      const r = await h.command(bad, 'UADMIN');
      const usage = r.body;
      expect(usage, bad).toMatch(why);
      // The usage's examples name the asker's data, not the placeholders.
      expect(usage, bad).toMatch(/region:North/);
      expect(usage, bad).not.toMatch(/category:Paper/);
      expect(usage, bad).toMatch(/category:Hardware/);
    }
  });
});
