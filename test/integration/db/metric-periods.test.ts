import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  metricBuckets,
  metricBucketsFromLines,
  metricMembers,
  metricMembersFromLines,
  type MetricMemberRow,
  type MetricTotalsRow,
} from '../../../src/db/queries/metric-periods.js';
import { salesmanByExternalId } from '../../../src/db/queries/slack-users.js';
import type { LineFilter } from '../../../src/db/sql/line-filter.js';
import { seededFloats } from '../../../src/demo/rng.js';
import { refreshAnalytics } from '../../../src/services/refresh.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

/**
 * The followed-metric queries read the customer rollups when they can; here they must give exactly
 * what the order lines give (the `…FromLines` reference) for every filter. The rollups are built in
 * Europe/Berlin; orders are placed at any hour UTC, so many fall on another business day in Berlin
 * than in UTC or New York, and a query in another zone must not read the Berlin rollups.
 * World (seeded): customers in North, South and without a region, salesmen S1–S3 and orders without
 * one, products of three categories (orders often hold two products of one category), returns
 * (negative quantities), 150 days of orders.
 */
const ZONE = 'Europe/Berlin';
const LAST = '2026-05-31';
let t: TestDatabase;
let s2Id: number;

function world(): ReturnType<ReturnType<typeof seed>['files']> {
  const rand = seededFloats(1515);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const s = seed()
    .salesman('S1', { region: 'North' })
    .salesman('S2', { region: 'South' })
    .salesman('S3', { region: 'South' })
    .product('P1', { category: 'Hardware', price: 100 })
    .product('P2', { category: 'Hardware', price: 250 })
    .product('P3', { category: 'Supplies', price: 20 })
    .product('P4', { category: 'Supplies', price: 5 })
    .product('P5', { category: 'Service', price: 80 });
  const customers = Array.from({ length: 14 }, (_, k) => `C${k + 1}`);
  customers.forEach((c, k) => s.customer(c, k % 5 === 4 ? {} : { region: k % 2 === 0 ? 'North' : 'South' }));
  const end = Date.parse(`${LAST}T00:00:00Z`);
  for (let o = 0; o < 700; o++) {
    const at = new Date(end - Math.floor(rand() * 150 * 24) * 3_600_000 + Math.floor(rand() * 60) * 60_000).toISOString().slice(0, 19) + 'Z';
    const customer = pick(customers);
    const salesman = pick(['S1', 'S2', 'S3', undefined]);
    const lines = 1 + Math.floor(rand() * 4);
    for (let l = 1; l <= lines; l++) {
      const qty = rand() < 0.08 ? -1 : 1 + Math.floor(rand() * 3);
      s.sale({ order: `O${o}`, on: at, customer, product: pick(['P1', 'P2', 'P3', 'P4', 'P5']), qty, price: pick([5, 20, 80, 100, 249.99]), line: l, ...(salesman ? { salesman } : {}) });
    }
  }
  return s.files();
}

beforeAll(async () => {
  t = await createTestDatabase();
  await loadFixture(t.database, world(), { timeZone: 'UTC' });
  // Rollups in Berlin (a full rebuild, whatever SALES_TZ the test run has).
  await refreshAnalytics(t.database, { trigger: 'test', timeZone: ZONE });
  s2Id = (await salesmanByExternalId(t.database, 'S2'))!.id;
}, 120_000);
afterAll(() => t?.drop());

const filters = (): [string, LineFilter][] => [
  ['everything', { timeZone: ZONE }],
  ['region', { timeZone: ZONE, region: ['North'] }],
  ['two customers', { timeZone: ZONE, customer: ['C2', 'C5'] }],
  ['region and customers', { timeZone: ZONE, region: ['North'], customer: ['C1', 'C3', 'C4'] }],
  ['salesman', { timeZone: ZONE, salesman: ['S1'] }],
  ['region and salesman', { timeZone: ZONE, region: ['South'], salesman: ['S2', 'S3'] }],
  ['salesman scope', { timeZone: ZONE, ownerSalesmanId: s2Id }],
  ['scope and customer', { timeZone: ZONE, ownerSalesmanId: s2Id, customer: ['C1', 'C2', 'C3', 'C4'] }],
  ['category (lines)', { timeZone: ZONE, category: ['Supplies'] }],
  ['another zone (lines)', { timeZone: 'America/New_York' }],
  ['another zone, region (lines)', { timeZone: 'UTC', region: ['South'] }],
];

const WINDOWS: [string, string, number][] = [
  ['2026-05-18', LAST, 1],
  ['2026-04-06', LAST, 7],
  ['2026-01-02', '2026-05-01', 30],
  ['2026-05-25', LAST, 7],
];

const PERIODS = [
  { previousFrom: '2026-05-18', currentFrom: '2026-05-25', to: LAST },
  { previousFrom: '2026-05-30', currentFrom: LAST, to: LAST },
  { previousFrom: '2026-03-01', currentFrom: '2026-04-01', to: '2026-04-30' },
];

const byMember = (rows: MetricMemberRow[]) =>
  rows
    .map((r) => ({ ...r }))
    .sort((a, b) => `${a.dimension}\u0000${a.member}`.localeCompare(`${b.dimension}\u0000${b.member}`));

describe('followed-metric queries from the rollups', () => {
  it('metricBuckets equals the order lines for every filter, window and bucket length', async () => {
    let compared = 0;
    for (const [label, f] of filters())
      for (const [from, to, days] of WINDOWS) {
        const lines = await metricBucketsFromLines(t.database, f, from, to, days);
        const fast = await metricBuckets(t.database, f, from, to, days);
        expect(fast as MetricTotalsRow[], `${label} ${from}…${to} by ${days}`).toEqual(lines);
        compared += lines.length;
      }
    expect(compared).toBeGreaterThan(200);
  });

  it('metricMembers equals the order lines for every filter and pair of periods, dimensions in order', async () => {
    let compared = 0;
    for (const [label, f] of filters())
      for (const p of PERIODS) {
        const lines = await metricMembersFromLines(t.database, f, p);
        const fast = await metricMembers(t.database, f, p);
        expect(byMember(fast), `${label} ${p.previousFrom}…${p.to}`).toEqual(byMember(lines));
        const order = ['region', 'category', 'product', 'customer'];
        const ranks = fast.map((m) => order.indexOf(m.dimension));
        expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
        compared += lines.length;
      }
    expect(compared).toBeGreaterThan(300);
  });

  it('the customer rollups answer when they serve the filter, the lines when not (checked by making the rollups stale)', async () => {
    // C1's lines (North) deleted behind the rollups' back: only an answer read from the rollups still counts them.
    await t.database.db.execute(sql`delete from order_items where customer_id = (select id from customers where external_id = 'C1')`);
    const window = ['2026-01-01', LAST, 30] as const;
    const p = { previousFrom: '2026-01-01', currentFrom: '2026-03-01', to: LAST };
    for (const [label, f] of filters()) {
      const lines = await metricBucketsFromLines(t.database, f, ...window);
      const fast = await metricBuckets(t.database, f, ...window);
      const members = byMember(await metricMembers(t.database, f, p)).filter((m) => m.dimension === 'region');
      const memberLines = byMember(await metricMembersFromLines(t.database, f, p)).filter((m) => m.dimension === 'region');
      if (label.endsWith('(lines)')) {
        expect(fast, label).toEqual(lines);
        expect(members, label).toEqual(memberLines);
      } else if (label !== 'two customers' && !label.startsWith('region and salesman')) {
        expect(fast, label).not.toEqual(lines);
        expect(members, label).not.toEqual(memberLines);
      }
    }
  });
});
