import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayNumber, isoDay } from '../../../src/analytics/calendar-day.js';
import { resetEnv } from '../../../src/config/env.js';
import { salesmanIdsByExternal } from '../../../src/db/queries/salesman-ids.js';
import { refreshSnapshots } from '../../../src/reports/refresh-snapshots.js';
import { abcReport } from '../../../src/reports/abc/abc-module.js';
import { churnReport } from '../../../src/reports/churn/churn-module.js';
import { clvReport } from '../../../src/reports/clv/clv-module.js';
import { slowReport } from '../../../src/reports/slow/slow-module.js';
import { consistencyReport } from '../../../src/reports/consistency/consistency-module.js';
import { kpiReport } from '../../../src/reports/kpi/kpi-module.js';
import { rfmReport } from '../../../src/reports/rfm/rfm-module.js';
import { runReport } from '../../../src/reports/run-report.js';
import { whyReport } from '../../../src/reports/why/why-module.js';
import { buildDigest } from '../../../src/services/digest.js';
import { runCli } from '../../helpers/cli.js';
import { convertNorthwind, readDatasetCsv } from '../../helpers/datasets.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';

/**
 * Northwind ends on 1998-05-06, decades before any day these tests run: default and relative windows
 * must end on that day and every answer must say so. Expected figures are computed here from the raw
 * CSV files, independently of the converter and of the app's SQL.
 */
interface Line {
  day: string;
  customer: string;
  employee: string;
  amount: number;
}

const orders = new Map(readDatasetCsv('northwind/orders.csv').map((o) => [o.order_id!, o]));
const LINES: Line[] = readDatasetCsv('northwind/order_details.csv').map((d) => {
  const o = orders.get(d.order_id!)!;
  return { day: o.order_date!, customer: o.customer_id!, employee: o.employee_id!, amount: Number(d.unit_price) * Number(d.quantity) * (1 - Number(d.discount)) };
});
const FIRST = LINES.reduce((m, l) => (l.day < m ? l.day : m), '9999-12-31');
const LAST = LINES.reduce((m, l) => (l.day > m ? l.day : m), '0000-01-01');

function revenue(from: string, to: string, keep: (l: Line) => boolean = () => true): number {
  return LINES.filter((l) => l.day >= from && l.day <= to && keep(l)).reduce((s, l) => s + l.amount, 0);
}
const back = (day: string, days: number) => isoDay(dayNumber(day) - days);

describe('data that ends before today (Northwind through the CLI)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    resetEnv({ SALES_TZ: 'UTC' });
    t = await createTestDatabase();
    for (const f of convertNorthwind().files) {
      const r = await runCli(['import', f.kind, f.path], { env: { DATABASE_URL: t.url, SALES_TZ: 'UTC' } });
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(async () => {
    await t?.drop();
    resetEnv();
  });

  it('the raw files end on 1998-05-06 (the premise of every test here)', () => {
    expect({ FIRST, LAST }).toEqual({ FIRST: '1996-07-04', LAST: '1998-05-06' });
  });

  it('kpi: "today" is the last day with data; month to date and the 30-day series end there', async () => {
    const r = await runReport(t.database, kpiReport, { filters: {} });
    expect(r).toMatchObject({ asOf: LAST, dataEnds: LAST, today: LAST, dataRange: { from: FIRST, to: LAST } });
    expect(r.dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
    expect(r.emptyWindow).toBeUndefined();
    expect(r.monthToDate).toBeCloseTo(revenue('1998-05-01', LAST), 2);
    expect(r.monthToDate).toBeGreaterThan(0);
    expect(r.dailyRevenue.at(-1)!.day).toBe(LAST);
    expect(r.dailyRevenue.reduce((s, d) => s + d.revenue, 0)).toBeCloseTo(revenue(back(LAST, 29), LAST), 2);
    // 7-day active ratio: salesmen with a line in the last 7 days of data.
    const active = new Set(LINES.filter((l) => l.day >= back(LAST, 6)).map((l) => l.employee));
    expect(r.details.activeSalesmen.withSale).toBe(active.size);
    expect(active.size).toBeGreaterThan(0);
  });

  it('consistency: the default 90 days end on the last day with data, and nobody shows 0 revenue', async () => {
    const r = await runReport(t.database, consistencyReport, { filters: {}, limit: 0 });
    const from = back(LAST, 89);
    expect(r.period).toEqual({ from, to: LAST });
    expect(r.dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
    const sellers = new Set(LINES.filter((l) => l.day >= from).map((l) => l.employee));
    expect(sellers.size).toBe(9);
    expect(r.salesmen).toHaveLength(9);
    expect(r.salesmen.every((s) => s.revenue > 0)).toBe(true);
    expect(r.withoutSales).toBe(0);
    expect(r.salesmen.reduce((s, x) => s + x.revenue, 0)).toBeCloseTo(revenue(from, LAST), 2);
    const davolio = r.salesmen.find((s) => s.salesmanId === '1')!;
    expect(davolio.revenue).toBeCloseTo(revenue(from, LAST, (l) => l.employee === '1'), 2);
  });

  it('why: 30 days vs the 30 before, both ending on the data', async () => {
    const r = await runReport(t.database, whyReport, { filters: {}, limit: 0 });
    const curFrom = back(LAST, 29);
    const prevTo = back(curFrom, 1);
    const prevFrom = back(prevTo, 29);
    expect(r.periods).toEqual({ current: { from: curFrom, to: LAST }, previous: { from: prevFrom, to: prevTo } });
    expect(r.current).toBeCloseTo(revenue(curFrom, LAST), 2);
    expect(r.previous).toBeCloseTo(revenue(prevFrom, prevTo), 2);
    expect(r.current).toBeGreaterThan(0);
    expect(r.dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
  });

  it('rfm: recency is measured to the last day with data unless as-of is given', async () => {
    const r = await runReport(t.database, rfmReport, { filters: {}, limit: 0 });
    expect(r.asOf).toBe(LAST);
    expect(r.dataEnds).toBe(LAST);
    for (const id of ['ALFKI', 'SAVEA', 'CENTC']) {
      const mine = LINES.filter((l) => l.customer === id);
      const lastDay = mine.reduce((m, l) => (l.day > m ? l.day : m), '');
      const c = r.customers.find((x) => x.customerId === id)!;
      expect(c, id).toBeDefined();
      expect(c.recencyDays).toBe(dayNumber(LAST) - dayNumber(lastDay));
      expect(c.monetary).toBeCloseTo(mine.reduce((s, l) => s + l.amount, 0), 2);
    }
    // An explicit as-of means exactly what it says: no anchoring, no note about the data's end.
    const explicit = await runReport(t.database, rfmReport, { filters: {}, asOf: '1998-01-31', limit: 0 });
    expect(explicit.asOf).toBe('1998-01-31');
    expect(explicit.dataEnds).toBeUndefined();
    expect(explicit.dataNote).toBeUndefined();
    const alfki = LINES.filter((l) => l.customer === 'ALFKI' && l.day <= '1998-01-31').reduce((m, l) => (l.day > m ? l.day : m), '');
    expect(explicit.customers.find((x) => x.customerId === 'ALFKI')!.recencyDays).toBe(dayNumber('1998-01-31') - dayNumber(alfki));
  });

  it('clv and churn measure T to the last day with data; slow movers count days back from it', async () => {
    const clv = await runReport(t.database, clvReport, { filters: {}, limit: 3 });
    expect(clv.asOf).toBe(LAST);
    expect(clv.dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
    const churn = await runReport(t.database, churnReport, { filters: {}, limit: 3 });
    expect(churn.asOf).toBe(LAST);
    const slow = await runReport(t.database, slowReport, { filters: {} });
    expect(slow.referenceDay).toBe(LAST);
    // d30: active products without a sale (positive quantity) in the 30 days ending on the data's last day.
    const soldRecently = new Set(
      readDatasetCsv('northwind/order_details.csv')
        .filter((d) => orders.get(d.order_id!)!.order_date! >= back(LAST, 29) && Number(d.quantity) > 0)
        .map((d) => d.product_id),
    );
    const active = readDatasetCsv('northwind/products.csv').filter((p) => p.discontinued !== '1');
    expect(slow.buckets.d30).toBe(active.filter((p) => !soldRecently.has(p.product_id)).length);
    expect(slow.buckets.d30).toBeLessThan(active.length);
    expect(slow.dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
  });

  it('last:90d is the 90 days ending on the last day with data', async () => {
    const r = await runReport(t.database, abcReport, { filters: { last: { amount: 90, unit: 'd' } }, limit: 0 });
    expect(r.period).toEqual({ from: back(LAST, 89), to: LAST });
    expect(r.totalRevenue).toBeCloseTo(revenue(back(LAST, 89), LAST), 2);
    expect(r.totalRevenue).toBeGreaterThan(0);
    expect(r.dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
  });

  it('explicit from:/to: mean what they say, inside the data and after it', async () => {
    const inside = await runReport(t.database, abcReport, { filters: { from: '1997-01-01', to: '1997-03-31' }, limit: 0 });
    expect(inside.period).toEqual({ from: '1997-01-01', to: '1997-03-31' });
    expect(inside.totalRevenue).toBeCloseTo(revenue('1997-01-01', '1997-03-31'), 2);
    expect(inside.dataNote).toBeUndefined();
    expect(inside.emptyWindow).toBeUndefined();

    const after = await runReport(t.database, consistencyReport, { filters: { from: '2020-01-01', to: '2020-03-31' }, limit: 0 });
    expect(after.period).toEqual({ from: '2020-01-01', to: '2020-03-31' });
    expect(after.emptyWindow).toEqual({ from: '2020-01-01', to: '2020-03-31' });
    expect(after.dataNote).toBe('No orders from 2020-01-01 to 2020-03-31; your data runs from 1996-07-04 to 1998-05-06.');
    // No table of nine zero rows: the note says where the data is instead.
    expect(after.salesmen).toEqual([]);

    const abcAfter = await runReport(t.database, abcReport, { filters: { from: '2020-01-01', to: '2020-03-31' }, limit: 0 });
    expect(abcAfter.dataNote).toBe('No orders from 2020-01-01 to 2020-03-31; your data runs from 1996-07-04 to 1998-05-06.');
    expect(abcAfter.products).toEqual([]); // not 69 products of class C with revenue 0

    // A window reaching past the data keeps its end and says where the data stops.
    const across = await runReport(t.database, abcReport, { filters: { from: '1998-04-01', to: '1998-12-31' }, limit: 0 });
    expect(across.period).toEqual({ from: '1998-04-01', to: '1998-12-31' });
    expect(across.totalRevenue).toBeCloseTo(revenue('1998-04-01', LAST), 2);
    expect(across.dataNote).toBe('Your data ends 1998-05-06.');
  });

  it('a filter with no orders in the window says where the data is', async () => {
    // Employee 5 (Steven Buchanan) has no line in the last 7 days of the data.
    expect(LINES.some((l) => l.employee === '5' && l.day >= back(LAST, 6))).toBe(false);
    const r = await runReport(t.database, consistencyReport, { filters: { salesman: ['5'], last: { amount: 7, unit: 'd' } }, limit: 0 });
    expect(r.emptyWindow).toEqual({ from: back(LAST, 6), to: LAST });
    expect(r.dataNote).toBe(`No orders match these filters from ${back(LAST, 6)} to ${LAST}; your data runs from ${FIRST} to ${LAST}.`);
  });

  it("a salesman's own book is named, not called all data", async () => {
    const id = (await salesmanIdsByExternal(t.database, ['1'])).get('1')!;
    const r = await runReport(t.database, kpiReport, { filters: {}, scope: { kind: 'salesman', salesmanId: id, salesmanExternalId: '1' } });
    expect(r.scopeLabel).toBe('your customers (Nancy Davolio)');
    expect(r.monthToDate).toBeCloseTo(revenue('1998-05-01', LAST, (l) => l.employee === '1'), 2);
  });

  it('snapshots of the default view are kept for the anchored day and served to a default request', async () => {
    await refreshSnapshots(t.database);
    const r = await runReport(t.database, rfmReport, { filters: {} });
    expect(r.source).toBe('snapshot');
    expect(r.asOf).toBe(LAST);
    expect(r.dataNote).toBe('Your data ends 1998-05-06, so windows end there.');
  });

  it('digest: the periods end on the last day with data and the digest says so', async () => {
    const d = await buildDigest(t.database, { filters: {}, scope: { kind: 'all' }, periodDays: 7, timeZone: 'UTC' });
    expect(d.asOf).toBe(LAST);
    expect(d.dataEnds).toBe(LAST);
    expect(d.periods.current).toEqual({ from: back(LAST, 6), to: LAST });
    expect(d.revenue.current).toBeCloseTo(revenue(back(LAST, 6), LAST), 2);
    expect(d.dataNote).toBe('Your data ends 1998-05-06, so the digest ends there.');
  });

  it('the CLI prints the line under the answer and carries the fields in --json', async () => {
    const env = { DATABASE_URL: t.url, SALES_TZ: 'UTC' };
    const text = await runCli(['report', 'consistency'], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Your data ends 1998-05-06, so windows end there.');
    expect(text.stdout).toContain('data as of 1998-05-06');
    const json = await runCli(['report', 'kpi', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ dataEnds: LAST, asOf: LAST, dataRange: { from: FIRST, to: LAST } });
  });

  it('Slack: the answer carries the line, and an empty window says where the data is', async () => {
    const h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).start();
    try {
      h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'boss@example.com', tz: 'UTC' });
      const r = await h.command('consistency', 'UADMIN');
      expect(r.status).toBe(200);
      const [answer] = await h.responsesTo(r.responseUrl);
      const text = JSON.stringify(answer);
      expect(text).toContain('Your data ends 1998-05-06, so windows end there.');
      expect(text).toContain('data as of 1998-05-06');
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no raw ISO timestamps

      const e = await h.command('consistency from:2020-01-01 to:2020-03-31', 'UADMIN');
      const [empty] = await h.responsesTo(e.responseUrl);
      expect(JSON.stringify(empty)).toContain('No orders from 2020-01-01 to 2020-03-31; your data runs from 1996-07-04 to 1998-05-06.');

      // A salesman (found by email) sees his own book named, not "Filters: all data".
      await t.database.db.execute(sql`update salesmen set email = 'nancy@northwind.example' where external_id = '1'`);
      h.slack.users.set('UNANCY', { id: 'UNANCY', email: 'nancy@northwind.example', tz: 'UTC' });
      const n = await h.command('kpi', 'UNANCY');
      const [mine] = await h.responsesTo(n.responseUrl);
      expect(JSON.stringify(mine)).toContain('Filters: your customers (Nancy Davolio) · data as of 1998-05-06');
      expect(JSON.stringify(mine)).not.toContain('all data');
    } finally {
      await h.stop();
    }
  });
});
