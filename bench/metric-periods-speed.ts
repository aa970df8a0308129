/**
 * The followed-metric queries (src/db/queries/metric-periods.ts) on an imported database, rollup paths
 * against the order lines they replace (`…FromLines`), for the calls the product makes:
 *   range day/week/30 — metricBuckets over an expected range's history (112 days by 1, 104 weeks by 7,
 *                        36 runs of 30 days: src/services/expected-range.ts)
 *   trend week        — metricBuckets over a weekly follow digest's 8 weeks
 *   members week/day  — metricMembers of a weekly / daily digest's two periods (and the anomaly drivers)
 * each under no filter, a region, a salesman's scope and a category (the category reads lines either
 * way). Both answers are compared (they must be equal); medians of --reps runs after one warm-up.
 * The database's rollups must be built in --tz (a database kept by `npm run bench:refresh -- --keep`).
 *
 *   npx tsx bench/metric-periods-speed.ts --database-url postgres://root@127.0.0.1:5432/x [--tz Europe/Berlin] [--reps 5]
 *
 * Prints figures; never use them as test assertions.
 */
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { dayNumber, isoDay } from '../src/analytics/calendar-day.js';
import { connect } from '../src/db/client.js';
import { metricBuckets, metricBucketsFromLines, metricMembers, metricMembersFromLines, type MetricMemberRow } from '../src/db/queries/metric-periods.js';
import type { LineFilter } from '../src/db/sql/line-filter.js';
import { rows } from '../src/db/sql/run.js';
import { median, timed } from './lib/stats.js';

const { values } = parseArgs({
  options: { 'database-url': { type: 'string' }, tz: { type: 'string', default: 'Europe/Berlin' }, reps: { type: 'string', default: '5' } },
});
if (!values['database-url']) throw new Error('usage: npx tsx bench/metric-periods-speed.ts --database-url URL [--tz Z] [--reps N]');
const timeZone = values.tz!;
const reps = Number(values.reps);
const database = await connect({ url: values['database-url'], max: 4 });

const [ctx] = await rows<{ last: string; region: string; salesman: number; category: string }>(
  database,
  sql`
  select (max(ordered_at) at time zone ${timeZone})::date::text as last,
         (select region from customers where region is not null group by 1 order by count(*) desc limit 1) as region,
         (select salesman_id from orders where salesman_id is not null group by 1 order by count(*) desc limit 1) as salesman,
         (select p.category from order_items i join products p on p.id = i.product_id
          where i.ordered_at > now() - interval '400 days' group by 1 order by count(*) desc limit 1) as category
  from order_items`,
);
const asOf = ctx!.last;
const end = dayNumber(asOf);
const filters: [string, LineFilter][] = [
  ['all', { timeZone }],
  ['region', { timeZone, region: [ctx!.region] }],
  ['scope', { timeZone, ownerSalesmanId: ctx!.salesman }],
  ['category', { timeZone, category: [ctx!.category] }],
];
const buckets = (periods: number, days: number) => ({ from: isoDay(end - days + 1 - periods * days), to: isoDay(end - days), days });
const cases: [string, (f: LineFilter, fromLines: boolean) => Promise<unknown>][] = [];
for (const [label, periods, days] of [
  ['range day (112×1)', 112, 1],
  ['range week (104×7)', 104, 7],
  ['range 30 (36×30)', 36, 30],
  ['trend week (8×7)', 8, 7],
] as const) {
  const b = buckets(periods, days);
  cases.push([label, (f, old) => (old ? metricBucketsFromLines : metricBuckets)(database, f, b.from, b.to, b.days)]);
}
const sorted = (r: unknown) => [...(r as MetricMemberRow[])].sort((a, b) => `${a.dimension}\u0000${a.member}`.localeCompare(`${b.dimension}\u0000${b.member}`));
for (const [label, days] of [
  ['members week', 7],
  ['members day', 1],
] as const) {
  const p = { previousFrom: isoDay(end - 2 * days + 1), currentFrom: isoDay(end - days + 1), to: asOf };
  cases.push([label, async (f, old) => sorted(await (old ? metricMembersFromLines : metricMembers)(database, f, p))]);
}

console.log(`as of ${asOf} (${timeZone}); region ${ctx!.region}, scope salesman #${ctx!.salesman}, category ${ctx!.category}; ${reps} runs each`);
console.log(`| call | filter | lines ms | rollups ms | × |\n|---|---|---:|---:|---:|`);
for (const [label, run] of cases)
  for (const [fl, f] of filters) {
    const [a, b] = [await run(f, true), await run(f, false)];
    if (!isDeepStrictEqual(a, b)) throw new Error(`${label} / ${fl}: the rollups' answer differs from the lines'`);
    const old: number[] = [];
    const now: number[] = [];
    for (let i = 0; i < reps; i++) {
      old.push((await timed(() => run(f, true)))[0]);
      now.push((await timed(() => run(f, false)))[0]);
    }
    const [mo, mn] = [median(old), median(now)];
    console.log(`| ${label} | ${fl} | ${mo.toFixed(0)} | ${mn.toFixed(0)} | ${(mo / mn).toFixed(1)} |`);
  }
await database.close();
