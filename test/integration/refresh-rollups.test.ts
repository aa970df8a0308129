import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { env, resetEnv } from '../../src/config/env.js';
import { importCsv } from '../../src/db/import/import-csv.js';
import { DEMO_KINDS as IMPORT_KINDS } from '../../src/demo/types.js';
import { rows } from '../../src/db/sql/run.js';
import { generateDemoData } from '../../src/demo/generate-demo-data.js';
import type { ReportFilters } from '../../src/lib/report-filters.js';
import { refreshAnalytics } from '../../src/services/refresh.js';
import { abcReport } from '../../src/reports/abc/abc-module.js';
import { affinityReport } from '../../src/reports/affinity/affinity-module.js';
import { churnReport } from '../../src/reports/churn/churn-module.js';
import { clvReport } from '../../src/reports/clv/clv-module.js';
import { crosssellReport } from '../../src/reports/crosssell/crosssell-module.js';
import { geoReport } from '../../src/reports/geo/geo-module.js';
import type { ReportModule, ReportRequest } from '../../src/reports/report-module.js';
import { rfmReport } from '../../src/reports/rfm/rfm-module.js';
import { buildContext, runReport } from '../../src/reports/run-report.js';
import { minCountFor } from '../../src/analytics/apriori.js';
import { windowBasketCounts } from '../../src/db/queries/basket-counts.js';
import { productCatalog } from '../../src/db/queries/baskets.js';
import { seasonalityReport } from '../../src/reports/seasonality/seasonality-module.js';
import { timingReport } from '../../src/reports/timing/timing-module.js';
import { whyReport } from '../../src/reports/why/why-module.js';
import { analyzeChangedTables, ANALYZED_TABLES, DIMENSION_TABLES, tableChangeBaseline } from '../../src/db/rollups/rebuild-tables.js';
import { inTransaction } from '../../src/db/transaction.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

/**
 * The rollups against the order lines they summarize, on demo data (bundles, refunds, several
 * salesmen) in a business time zone east of UTC: loaded in three steps (history, then the last ten
 * days, then a correction of old orders), each followed by an incremental refresh. Every rollup must
 * equal a full rebuild, and every report served from a rollup must equal the same report computed
 * from order lines (forced by hiding the rollups behind a newer refresh run of another version).
 */
const ZONE = 'Asia/Tokyo';
const END = '2025-07-04';
const HOLD_BACK_FROM = '2025-06-25';

async function tableDump(t: TestDatabase) {
  const q = async (text: string) => rows(t.database, sql.raw(text));
  return {
    daily: await q(`select day::text, salesman_id, product_id, region, orders, units::text, revenue::text from daily_sales order by 1, 2, 3, 4`),
    productDay: await q(`select day::text, product_id, units::text, revenue::text from product_day order by 1, 2`),
    productWeek: await q(`select * from product_week order by product_id, week_start`),
    hourly: await q(`select day::text, hour, salesman_id, region, orders, revenue::text from hourly_sales order by 1, 2, 3, 4`),
    customerDay: await q(`select customer_id, day::text, salesman_id, orders, revenue::text, first_order_at::text, last_order_at::text from customer_day order by 1, 2, 3`),
    customers: await q(`select customer_id, first_order_at::text, last_order_at::text, orders, purchase_days, revenue::text,
      buying_first_day::text, buying_last_day::text, buying_days, buying_orders, repeat_revenue::text, gap_p50_days, gap_p90_days
      from customer_rollup order by 1`),
    customerProducts: await q(`select customer_id, product_id, first_day::text from customer_product order by 1, 2`),
    products: await q(`select product_id, last_sold_at::text, orders, units::text, revenue::text from product_rollup order by 1`),
    customerHistory: await q(`select customer_id, day::text, previous_day::text, orders_before, orders, revenue::text from customer_day_history order by 1, 2`),
    customerHistoryMonths: await q(`select month::text, kind, value, customers from customer_history_month order by 1, 2, 3`),
    blocks: await q(`select block_start::text, region, item_a, items::text, baskets::text from basket_block_counts order by 1, 2, 3`),
    months: await q(`select month::text, region, item_a, items::text, baskets::text from basket_month_counts order by 1, 2, 3`),
  };
}

/** Every number of a JSON value rounded to 12 significant digits. */
function digits(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v), (_k, x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(12)) : x));
}

/** Runs a report twice: as served (rollups) and with the rollups hidden (order lines). */
async function bothWays<O extends object, B extends object>(t: TestDatabase, report: ReportModule<O, B>, request: ReportRequest) {
  const served = await runReport(t.database, report, request);
  await t.database.db.execute(sql`insert into refresh_runs (trigger, finished_at, stats) values ('hide-rollups', now(), '{"rollupVersion": -1}')`);
  try {
    const lines = await runReport(t.database, report, request);
    return { served, lines };
  } finally {
    await t.database.db.execute(sql`delete from refresh_runs where trigger = 'hide-rollups'`);
  }
}

describe('analytics rollups', () => {
  let t: TestDatabase;
  let dir: string;
  let previousZone: string;
  const refreshes: { full: boolean }[] = [];

  beforeAll(async () => {
    previousZone = env().SALES_TZ;
    resetEnv({ SALES_TZ: ZONE });
    t = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), 'rollups-test-'));
    const demo = await generateDemoData({ orders: 2500, seed: 11, end: new Date(`${END}T00:00:00Z`), outDir: dir });
    const [header, ...lines] = (await readFile(demo.files.sales, 'utf8')).trimEnd().split('\n');
    const day = (line: string) => line.split(',')[2]!.slice(0, 10);
    const history = lines.filter((l) => day(l) < HOLD_BACK_FROM);
    const recent = lines.filter((l) => day(l) >= HOLD_BACK_FROM);
    // A correction: two old orders re-sent, one with a changed quantity, the other moved to a later day.
    // The first is of the second day with sales: a change reaching back to the first line's day is a
    // full rebuild (see refreshAnalytics), this one must stay incremental.
    const firstOrder = history.find((l) => day(l) > day(history[0]!))!.split(',')[0]!;
    const lastMarchOrder = history.filter((l) => day(l).startsWith('2025-03')).at(-1)!.split(',')[0]!;
    const correction = history
      .filter((l) => l.startsWith(firstOrder + ',') || l.startsWith(lastMarchOrder + ','))
      .map((l) => {
        const f = l.split(',');
        if (f[0] === firstOrder) return [...f.slice(0, 6), String(Number(f[6]) + 2), f[7], f[8], ''].join(',');
        return [f[0], f[1], '2025-04-09T23:30:00', ...f.slice(3)].join(',');
      });
    await writeFile(join(dir, 'history.csv'), [header, ...history].join('\n') + '\n');
    await writeFile(join(dir, 'recent.csv'), [header, ...recent].join('\n') + '\n');
    await writeFile(join(dir, 'correction.csv'), [header, ...correction].join('\n') + '\n');

    for (const kind of IMPORT_KINDS) {
      const source = kind === 'sales' ? join(dir, 'history.csv') : demo.files[kind];
      await importCsv(t.database, { kind, source: createReadStream(source), timeZone: ZONE });
    }
    refreshes.push(await refreshAnalytics(t.database, { trigger: 'test', timeZone: env().SALES_TZ }));
    for (const file of ['recent.csv', 'correction.csv']) {
      const r = await importCsv(t.database, { kind: 'sales', source: createReadStream(join(dir, file)), timeZone: ZONE });
      expect(r.inserted + r.updated).toBeGreaterThan(0);
      refreshes.push(await refreshAnalytics(t.database, { trigger: 'import', since: r.minOrderedAt, timeZone: env().SALES_TZ }));
    }
  }, 120_000);

  afterAll(async () => {
    await t?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
    resetEnv({ SALES_TZ: previousZone });
  });

  it('keeps customer_day_history and customer_history_month equal to the order lines through incremental refreshes', async () => {
    expect(refreshes.map((r) => r.full)).toEqual([true, false, false]);
    const days = `select customer_id, (ordered_at at time zone '${ZONE}')::date as day, count(distinct order_id)::int as orders, sum(amount)::numeric(18, 4)::text as revenue from order_items group by 1, 2`;
    const live = await rows(
      t.database,
      sql.raw(`select customer_id, day::text, (lag(day) over w)::text as previous_day,
                      coalesce(sum(orders) over (w rows between unbounded preceding and 1 preceding), 0)::int as orders_before, orders, revenue
               from (${days}) d window w as (partition by customer_id order by day) order by 1, 2`),
    );
    expect(live.length).toBeGreaterThan(100);
    expect(await rows(t.database, sql`select customer_id, day::text, previous_day::text, orders_before, orders, revenue::text from customer_day_history order by 1, 2`)).toEqual(live);
    // The months summed up to a month's start = the histograms of every customer's state at that day.
    for (const month of ['2024-01-01', '2025-04-01', '2025-07-01']) {
      const state = `select customer_id, max(day) - date '1970-01-01' as last_day, sum(orders)::int as orders from (${days}) d where day < '${month}' group by 1`;
      const histograms = await rows(
        t.database,
        sql.raw(`select 0 as kind, last_day as value, count(*)::int as customers from (${state}) s group by 2
                 union all select 1, orders, count(*)::int from (${state}) s group by 2 order by 1, 2`),
      );
      expect(histograms.length).toBeGreaterThan(10);
      expect(
        await rows(
          t.database,
          sql.raw(`select kind, value, sum(customers)::int as customers from customer_history_month where month < '${month}'
                   group by 1, 2 having sum(customers) <> 0 order by 1, 2`),
        ),
      ).toEqual(histograms);
    }
  });

  it('refreshes incrementally after each import and ends equal to a full rebuild', async () => {
    expect(refreshes.map((r) => r.full)).toEqual([true, false, false]);
    const incremental = await tableDump(t);
    expect(incremental.blocks.length).toBeGreaterThan(0);
    expect(incremental.hourly.length).toBeGreaterThan(0);
    const rebuilt = await refreshAnalytics(t.database, { trigger: 'full', timeZone: env().SALES_TZ });
    expect(rebuilt.full).toBe(true);
    expect(await tableDump(t)).toEqual(incremental);
  });

  it('leaves planner statistics on every rollup and dimension table', async () => {
    // Autovacuum may be off or a minute behind: the refresh itself must have analysed them.
    const analysed = await rows<{ table: string }>(
      t.database,
      sql`select distinct tablename as table from pg_stats where schemaname = current_schema() and tablename in ${[...ANALYZED_TABLES, ...DIMENSION_TABLES]}`,
    );
    expect(analysed.map((r) => r.table).sort()).toEqual([...ANALYZED_TABLES, ...DIMENSION_TABLES].sort());
  });

  it('re-analyses after an incremental refresh only the rollups that refresh changed by more than a tenth', async () => {
    const rollback = new Error('roll back');
    const seen: string[][] = [];
    await inTransaction(t.database, async (tx) => {
      // Taken first, as the refresh does: the connection may carry unflushed counts of earlier writes.
      const baseline = await tableChangeBaseline(tx);
      // Nothing changed in this transaction: no rollup is analysed (a dimension table may be, if the
      // statistics of its import arrived after the last refresh's analyse).
      seen.push(await analyzeChangedTables(tx, baseline));
      await tx.db.execute(sql`delete from hourly_sales`);
      await tx.db.execute(sql`delete from daily_sales where ctid in (select ctid from daily_sales limit 5)`);
      seen.push(await analyzeChangedTables(tx, baseline));
      throw rollback;
    }).catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
    expect(seen[0]!.filter((table) => !DIMENSION_TABLES.includes(table))).toEqual([]);
    expect(seen[1]).toContain('hourly_sales');
    expect(seen[1]).not.toContain('daily_sales');
  });

  it('keeps hourly sales and customer days in the business time zone', async () => {
    const [cell] = await rows<{ ok: boolean }>(
      t.database,
      sql`select bool_and(h.orders = x.orders and h.revenue = x.revenue) and count(*) = (select count(*) from hourly_sales) as ok
          from hourly_sales h
          join (select (i.ordered_at at time zone ${ZONE})::date as day, extract(hour from i.ordered_at at time zone ${ZONE})::int as hour,
                       coalesce(i.salesman_id, 0) as salesman_id, coalesce(c.region, '') as region,
                       count(distinct i.order_id)::int as orders, sum(i.amount) as revenue
                from order_items i left join customers c on c.id = i.customer_id group by 1, 2, 3, 4) x using (day, hour, salesman_id, region)`,
    );
    expect(cell!.ok).toBe(true);
  });

  const windows: [string, ReportRequest][] = [
    ['all history', { filters: {} }],
    ['last:90d (loose days at the start)', { filters: { last: { amount: 90, unit: 'd' } } }],
    ['mid-month window', { filters: { from: '2024-11-13', to: '2025-02-19' } }],
    ['one loose stretch', { filters: { from: '2025-03-03', to: '2025-03-05' } }],
    ['as-of in the past', { filters: {}, asOf: '2025-05-20' }],
    ['two regions, mid-month window', { filters: { region: ['DACH', 'Iberia'], from: '2024-11-13', to: '2025-02-19' } }],
  ];
  const mining = { minSupport: 0.004, minConfidence: 0.1 };

  it.each(windows)('affinity from basket rollups equals mining the baskets: %s', async (_label, request) => {
    const { served, lines } = await bothWays(t, affinityReport, { ...request, asOf: request.asOf ?? END, options: mining, limit: 0 });
    expect(served.transactions).toBeGreaterThan(0);
    expect(served.ruleCount).toBeGreaterThan(0);
    expect(served).toEqual(lines);
  });

  // A window of loose days only reads no rollup row, so nothing is pruned there.
  it.each(windows.filter(([label]) => label !== 'one loose stretch'))('basket counts pruned to a support threshold keep every pair that reaches it, exactly: %s', async (_label, request) => {
    const ctx = await buildContext(t.database, { ...request, asOf: request.asOf ?? END });
    const catalog = await productCatalog(t.database);
    const whole = (await windowBasketCounts(t.database, ctx.lines, catalog))!;
    const minSupport = 0.03;
    const pruned = (await windowBasketCounts(t.database, ctx.lines, catalog, { minSupport }))!;
    expect(pruned.transactions).toBe(whole.transactions);
    const minCount = minCountFor(minSupport, whole.transactions);
    // Exact for the items that reach the threshold (the only ones a rule can name), never above the truth.
    const frequent = Array.from(whole.itemCounts, (c, i) => (c >= minCount ? i : -1)).filter((i) => i >= 0);
    expect(frequent.length).toBeGreaterThan(1);
    expect(frequent.map((i) => pruned.itemCounts[i])).toEqual(frequent.map((i) => whole.itemCounts[i]));
    expect(Array.from(pruned.itemCounts).every((c, i) => c <= whole.itemCounts[i]!)).toBe(true);
    const key = (p: { a: number; b: number; count: number }) => `${p.a},${p.b}:${p.count}`;
    const reaching = whole.pairs.filter((p) => p.count >= minCount).map(key).sort();
    expect(reaching.length).toBeGreaterThan(0);
    // Pruning must actually leave pairs out here, or this would prove nothing.
    expect(pruned.pairs.length).toBeLessThan(whole.pairs.length);
    expect(pruned.pairs.filter((p) => p.count >= minCount).map(key).sort()).toEqual(reaching);
  });

  it.each([
    ['last:120d', { last: { amount: 120, unit: 'd' } }],
    ['region', { region: ['DACH'] }],
    ['salesman', { salesman: ['S003'] }],
  ] as [string, ReportFilters][])('crosssell from basket rollups and customer_product equals the line-computed one: %s', async (_label, filters) => {
    const { served, lines } = await bothWays(t, crosssellReport, { filters, asOf: '2025-06-27', options: mining, limit: 0 });
    expect(served.customersWithSuggestions).toBeGreaterThan(0);
    expect(served).toEqual(lines);
  });

  it.each([
    ['all history', { filters: {} }],
    ['last:90d', { filters: { last: { amount: 90, unit: 'd' } } }],
    ['salesman filter', { filters: { salesman: ['S003'] } }],
    ['region filter', { filters: { region: ['DACH'] } }],
    ['as-of in the past', { filters: {}, asOf: '2025-05-20' }],
  ] as [string, ReportRequest][])('timing from hourly_sales equals timing from lines: %s', async (_label, request) => {
    const { served, lines } = await bothWays(t, timingReport, { ...request, asOf: request.asOf ?? END });
    expect(served.totalOrders).toBeGreaterThan(0);
    expect(served).toEqual(lines);
  });

  it.each([
    ['all history', {}],
    ['category and last:90d', { category: ['Office Supplies'], last: { amount: 90, unit: 'd' } }],
    // Windows that cut calendar weeks at both ends, inside one week and across two (product_week).
    ['Wednesday to Friday', { from: '2025-06-11', to: '2025-06-13' }],
    ['Thursday to the next Tuesday', { from: '2025-06-05', to: '2025-06-17' }],
    ['a Monday to a Sunday', { from: '2025-03-03', to: '2025-06-29' }],
  ] as [string, ReportFilters][])('abc and seasonality from product_day equal them from daily_sales: %s', async (_label, filters) => {
    for (const report of [abcReport, seasonalityReport] as ReportModule[]) {
      const { served, lines } = await bothWays(t, report, { filters, asOf: END, limit: 0 });
      expect(served).toEqual(lines);
    }
  });

  const customerCases: [string, ReportRequest | 'scope'][] = [
    ['all history', { filters: {} }],
    ['region', { filters: { region: ['DACH'] } }],
    ['last:90d', { filters: { last: { amount: 90, unit: 'd' } } }],
    ['as-of in the past', { filters: {}, asOf: '2025-05-20' }],
    ['as-of in the past, one region', { filters: { region: ['DACH'] }, asOf: '2025-05-20' }],
    ['salesman filter and a window', { filters: { salesman: ['S003'], from: '2024-10-01' } }],
    ['role scope', 'scope'],
  ];

  it('why over a period early in the data (history summed from customer_day before it) equals it from lines', async () => {
    const { served, lines } = await bothWays(t, whyReport, { filters: { from: '2023-11-01', to: '2023-12-31' }, asOf: END, limit: 0 });
    expect(served.current).toBeGreaterThan(0);
    expect(digits(served)).toEqual(digits(lines));
  });

  it.each([
    ['a category filter (period revenue from order lines, history from the rollup)', { category: ['Office Supplies'], from: '2025-02-12', to: '2025-04-20' }],
    ['a period starting on a month\'s first day', { from: '2025-03-01', to: '2025-05-31' }],
  ] as [string, ReportFilters][])('why equals it from lines: %s', async (_label, filters) => {
    const { served, lines } = await bothWays(t, whyReport, { filters, asOf: END, limit: 0 });
    expect(served.current).toBeGreaterThan(0);
    expect(served.drivers.some((d) => d.dimension === 'segment' && d.member !== 'First order in period')).toBe(true);
    expect(digits(served)).toEqual(digits(lines));
  });

  it.each([
    ['a window across month ends', { from: '2025-02-20', to: '2025-05-09' }],
    ['a window ending on the last day (days refreshed incrementally)', { from: '2025-06-01', to: END }],
  ] as [string, ReportFilters][])('why with a period alone reads product_day and hourly_sales: products, categories, salesmen and regions equal them from daily_sales: %s', async (_label, filters) => {
    const { served, lines } = await bothWays(t, whyReport, { filters, asOf: END, limit: 0 });
    // Segments come from per-customer floats (compared to 12 digits above); every other member is an exact SQL sum.
    const members = (r: typeof served) => r.drivers.filter((d) => d.dimension !== 'segment');
    expect(new Set(members(served).map((d) => d.dimension))).toEqual(new Set(['region', 'category', 'salesman', 'product']));
    expect(members(served)).toEqual(members(lines));
    expect(served.priceVolumeMix).toEqual(lines.priceVolumeMix);
    expect([served.current, served.previous]).toEqual([lines.current, lines.previous]);
  });

  it.each(customerCases)('customer-level reports from customer_day / customer_rollup equal the line-computed ones: %s', async (_label, spec) => {
    let request: ReportRequest;
    if (spec === 'scope') {
      const [s] = await rows<{ id: number }>(t.database, sql`select id from salesmen where external_id = 'S003'`);
      request = { filters: {}, scope: { kind: 'salesman', salesmanId: s!.id, salesmanExternalId: 'S003' } };
    } else request = spec;
    for (const report of [rfmReport, clvReport, churnReport, geoReport, whyReport] as ReportModule[]) {
      const { served, lines } = await bothWays(t, report, { ...request, asOf: request.asOf ?? END, limit: 0 });
      // why adds per-customer floats in Node in whatever order the rows come: equal to 12 digits.
      if (report === whyReport) expect(digits(served)).toEqual(digits(lines));
      else expect(served).toEqual(lines);
    }
  });
});
