import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RFM_SEGMENTS } from '../../../src/analytics/rfm.js';
import { chartForReport, CHARTED_REPORTS, renderReportChart } from '../../../src/reports/report-chart.js';
import { rfmSegmentsChart } from '../../../src/reports/rfm/rfm-chart.js';
import { REPORT_CHART_SIZE, SEGMENT_COLOURS } from '../../../src/charts/theme.js';
import { loadDemoData } from '../../../src/services/load-demo-data.js';
import type { AbcReport } from '../../../src/reports/abc/abc-report.js';
import { type ActivityReport } from '../../../src/reports/activity/activity-report.js';
import { activityReport } from '../../../src/reports/activity/activity-module.js';
import type { AffinityReport } from '../../../src/reports/affinity/affinity-report.js';
import type { ChurnReport } from '../../../src/reports/churn/churn-report.js';
import type { ClvReport } from '../../../src/reports/clv/clv-report.js';
import { type ConsistencyReport } from '../../../src/reports/consistency/consistency-report.js';
import { consistencyReport } from '../../../src/reports/consistency/consistency-module.js';
import type { CrossSellReport } from '../../../src/reports/crosssell/crosssell-report.js';
import type { FunnelReport } from '../../../src/reports/funnel/funnel-report.js';
import type { GeoReport } from '../../../src/reports/geo/geo-report.js';
import type { KpiReport } from '../../../src/reports/kpi/kpi-report.js';
import { REPORTS } from '../../../src/reports/registry.js';
import type { RfmReport } from '../../../src/reports/rfm/rfm-report.js';
import { runReport } from '../../../src/reports/run-report.js';
import type { SeasonalityReport } from '../../../src/reports/seasonality/seasonality-report.js';
import type { SlowReport } from '../../../src/reports/slow/slow-report.js';
import type { TimingReport } from '../../../src/reports/timing/timing-report.js';
import type { WhyReport } from '../../../src/reports/why/why-report.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';

const AS_OF = '2025-06-30';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, after checking the signature and the chunk's name. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Datasets of a configuration, loosely typed: each chart type has its own dataset shape. */
type AnyDataset = { type?: string; label?: string; data: unknown[]; [k: string]: unknown };
const datasets = (report: string, result: unknown): AnyDataset[] => {
  const config = chartForReport(report, result);
  expect(config).not.toBeNull();
  return config!.data.datasets as unknown as AnyDataset[];
};

let t: TestDatabase;
const results: Record<string, unknown> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  await loadDemoData(t.database, { orders: 4000, seed: 11, end: AS_OF, timeZone: 'UTC' });
  for (const definition of REPORTS) results[definition.name] = await runReport(t.database, definition, { filters: {}, asOf: AS_OF });
});
afterAll(() => t.drop());

describe('report charts on the demo data', () => {
  it('charts every registered report', () => {
    expect([...CHARTED_REPORTS].sort()).toEqual(REPORTS.map((r) => r.name).sort());
  });

  const types: [string, string][] = [
    ['kpi', 'line'],
    ['why', 'bar'],
    ['rfm', 'scatter'],
    ['churn', 'bar'],
    ['clv', 'bar'],
    ['crosssell', 'bar'],
    ['affinity', 'bar'],
    ['abc', 'bar'],
    ['slow', 'bar'],
    ['funnel', 'sankey'],
    ['winrate', 'bar'],
    ['cycle', 'bar'],
    ['consistency', 'scatter'],
    ['activity', 'scatter'],
    ['geo', 'bubbleMap'],
    ['timing', 'matrix'],
    ['seasonality', 'line'],
  ];
  it.each(types)('%s renders a %s chart to an 800×500 PNG, its date in the heading', async (report, type) => {
    const result = results[report]!;
    const config = chartForReport(report, result);
    expect(config?.type).toBe(type);
    const plugins = config?.options?.plugins;
    expect(`${String(plugins?.title?.text)} ${String(plugins?.subtitle?.text)}`).toContain(AS_OF);
    const png = await renderReportChart(report, result);
    expect(png).not.toBeNull();
    expect(pngSize(png!)).toEqual(REPORT_CHART_SIZE);
    // A blank canvas compresses to a few hundred bytes; a drawn chart does not.
    expect(png!.length).toBeGreaterThan(10_000);
  });

  it('kpi: one point per day of the 30-day series', () => {
    const r = results.kpi as KpiReport;
    const [line] = datasets('kpi', r);
    expect(line!.data).toEqual(r.dailyRevenue.map((d) => d.revenue));
    expect(line!.data).toHaveLength(30);
  });

  it('why: a waterfall from the previous to the current period whose steps chain', () => {
    const r = results.why as WhyReport;
    const bars = datasets('why', r)[0]!.data as [number, number][];
    expect(bars[0]).toEqual([0, r.previous]);
    expect(bars[bars.length - 1]).toEqual([0, r.current]);
    for (let i = 2; i < bars.length - 1; i++) expect(bars[i]![0]).toBeCloseTo(bars[i - 1]![1], 6);
    expect(bars[bars.length - 2]![1]).toBeCloseTo(r.current, 4);
  });

  it('rfm: every customer with revenue is a dot in its segment colour; the segment bars carry every segment', () => {
    const r = results.rfm as RfmReport;
    const ds = datasets('rfm', r);
    expect(ds.every((d) => RFM_SEGMENTS.includes(d.label as never) && d.borderColor === SEGMENT_COLOURS[d.label as keyof typeof SEGMENT_COLOURS])).toBe(true);
    expect(ds.reduce((n, d) => n + d.data.length, 0)).toBe(r.points.filter((p) => p.monetary > 0).length);
    const champions = ds.find((d) => d.label === 'Champions')!.data as { x: number; y: number }[];
    expect(champions.length).toBe(r.points.filter((p) => p.segment === 'Champions' && p.monetary > 0).length);
    const bars = rfmSegmentsChart(r)!;
    expect(bars.data.labels).toEqual(r.segments.map((s) => s.segment));
    expect(bars.data.datasets[0]!.data).toEqual(r.segments.map((s) => s.revenue));
  });

  it('churn: value at risk of the top ten, in the report order', () => {
    const r = results.churn as ChurnReport;
    expect(datasets('churn', r)[0]!.data).toEqual(r.customers.slice(0, 10).map((c) => c.valueAtRisk));
  });

  it('clv: histogram shares of customers add up to one', () => {
    const r = results.clv as ClvReport;
    const shares = datasets('clv', r)[0]!.data as number[];
    expect(shares.length).toBeGreaterThan(3);
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
  });

  it('crosssell: products ranked by how many listed customers they are suggested to', () => {
    const r = results.crosssell as CrossSellReport;
    const counts = new Map<string, number>();
    for (const s of r.salesmen) for (const c of s.customers) for (const g of c.suggestions) counts.set(g.productId, (counts.get(g.productId) ?? 0) + 1);
    const values = datasets('crosssell', r)[0]!.data as number[];
    expect(values[0]).toBe(Math.max(...counts.values()));
    expect([...values]).toEqual([...values].sort((a, b) => b - a));
  });

  it('affinity: "A ⇒ B" bars by lift, mirrored pairs drawn once', () => {
    const r = results.affinity as AffinityReport;
    const config = chartForReport('affinity', r)!;
    const labels = config.data.labels as string[][];
    expect(labels[0]![1]!.startsWith('⇒ ')).toBe(true);
    const lifts = config.data.datasets[0]!.data as number[];
    expect(lifts[0]).toBe(r.rules[0]!.lift);
    expect(new Set(labels.map((l) => [l[0], l[1]!.slice(2)].sort().join('|'))).size).toBe(labels.length);
  });

  it('abc: bars per product coloured by class, and the cumulative share on the right axis', () => {
    const r = results.abc as AbcReport;
    const ds = datasets('abc', r);
    const line = ds.find((d) => d.type === 'line')!;
    expect(line.data).toEqual(r.products.map((p) => p.cumulativeShare));
    expect(line.yAxisID).toBe('share');
    const a = ds.find((d) => String(d.label).startsWith('A:'))!;
    expect(a.data).toEqual(r.products.map((p) => (p.class === 'A' ? p.revenue : null)));
  });

  it('slow: stock value of slow movers, largest first', () => {
    const r = results.slow as SlowReport;
    const values = datasets('slow', r)[0]!.data as number[];
    expect(values[0]).toBe(Math.max(...r.products.map((p) => p.stockValue ?? 0)));
    expect([...values]).toEqual([...values].sort((a, b) => b - a));
  });

  it('funnel: a Sankey whose flows out of leads and into outcomes match the cohort', () => {
    const r = results.funnel as FunnelReport;
    const flows = datasets('funnel', r)[0]!.data as { from: string; to: string; flow: number }[];
    const sum = (pick: (f: (typeof flows)[number]) => boolean) => flows.filter(pick).reduce((s, f) => s + f.flow, 0);
    expect(sum((f) => f.from === 'lead')).toBe(r.stages[0]!.count);
    expect(sum((f) => f.to === 'opportunity')).toBe(r.stages[1]!.count);
    expect(sum((f) => f.to === 'won')).toBe(r.stages[2]!.count);
    expect(sum((f) => f.to === 'lost')).toBe(r.lost.count);
    expect(sum((f) => f.to === 'open')).toBe(r.open);
  });

  it('cycle: conversion lines and days bars, one point per month of the window', () => {
    const r = results.cycle as FunnelReport;
    const [leadToOpp, oppToWon, days] = datasets('cycle', r);
    expect(r.byMonth.length).toBeGreaterThanOrEqual(12);
    expect(leadToOpp!.data).toEqual(r.byMonth.map((m) => m.leadToOpportunity));
    expect(oppToWon!.data).toEqual(r.byMonth.map((m) => m.opportunityToWon));
    // The demo's leads file keeps each lead's current stage only: no opportunity entry for closed leads,
    // so the bars are days to close.
    const asOpportunity = r.byMonth.some((m) => m.medianDaysAsOpportunity !== null);
    expect(days!.label).toBe(asOpportunity ? 'Median days as opportunity' : 'Median days to close');
    expect(days!.data).toEqual(r.byMonth.map((m) => (asOpportunity ? m.medianDaysAsOpportunity : m.medianDaysToClose)));
    expect(days!.data.some((d) => typeof d === 'number' && d > 0)).toBe(true);
  });

  it('winrate: one bar per salesman with closed leads', () => {
    const r = results.winrate as FunnelReport;
    const closed = r.bySalesman.filter((s) => s.winRate !== null).slice(0, 12);
    expect(datasets('winrate', r)[0]!.data).toEqual(closed.map((s) => s.winRate));
  });

  it('consistency and activity: one dot per salesman and a least-squares line', () => {
    const c = results.consistency as ConsistencyReport;
    const [dots, fit] = datasets('consistency', c);
    expect(dots!.data).toEqual(c.points.map((p) => ({ x: p.meanDaily, y: p.cv })));
    expect(fit!.type).toBe('line');
    const a = results.activity as ActivityReport;
    const [adots, afit] = datasets('activity', a);
    expect(adots!.data).toHaveLength(a.salesmanCount);
    // Activities go with revenue on the demo data: the fitted line rises, as the correlation says.
    const [p0, p1] = afit!.data as { x: number; y: number }[];
    expect(Math.sign(p1!.y - p0!.y)).toBe(Math.sign(a.correlation.pearson!));
  });

  it('geo: a zoomed Mercator map of Europe with one bubble per located city', () => {
    const r = results.geo as GeoReport;
    const config = chartForReport('geo', r)!;
    const scales = config.options!.scales as Record<string, { projection?: string }>;
    expect(scales.projection!.projection).toBe('mercator');
    const bubbles = config.data.datasets[0]!.data as unknown as { longitude: number; latitude: number; value: number }[];
    expect(bubbles).toEqual(r.cities.filter((c) => c.latitude !== null).map((c) => ({ longitude: c.longitude, latitude: c.latitude, value: c.revenue })));
  });

  it('timing: a weekday × hour matrix over the hours with sales, peak cell included', () => {
    const r = results.timing as TimingReport;
    const cells = datasets('timing', r)[0]!.data as { x: string; y: string; v: number }[];
    expect(cells.length % 7).toBe(0);
    const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const peak = cells.find((c) => c.y === days[r.peak!.dayOfWeek] && Number(c.x) === r.peak!.hour)!;
    expect(peak.v).toBe(Math.max(...cells.map((c) => c.v)));
  });

  it('seasonality: the monthly line with the seasonal index as bars floating from 1', () => {
    const r = results.seasonality as SeasonalityReport;
    expect(r.status).toBe('ok');
    const ds = datasets('seasonality', r);
    expect(ds[0]!.data).toEqual(r.months.map((m) => m.value));
    const index = ds.find((d) => d.type === 'bar')!;
    expect(index.data).toEqual(r.months.map((m) => [1, m.seasonal]));
  });
});

describe('chart fields added to report results', () => {
  it('rfm points: every customer (under the 2,000 cap) with recency, monetary and segment', () => {
    const r = results.rfm as RfmReport;
    expect(r.points).toHaveLength(r.customerCount);
    expect(r.customers.length).toBeLessThan(r.customerCount);
    const top = r.customers[0]!;
    expect(r.points[0]).toEqual({ recencyDays: top.recencyDays, monetary: top.monetary, segment: top.segment });
  });

  it('clv sample: every customer value, ascending, summing to the total', () => {
    const r = results.clv as ClvReport;
    expect(r.clvSample).toHaveLength(r.customerCount);
    expect(r.clvSample).toEqual([...r.clvSample].sort((a, b) => a - b));
    expect(r.clvSample.reduce((s, v) => s + v, 0)).toBeCloseTo(r.totalClv!, 4);
  });

  it('funnel opportunity outcomes: split the opportunity stage and stay within the cohort totals', () => {
    const r = results.funnel as FunnelReport;
    const o = r.opportunityOutcomes;
    expect(o.won + o.lost + o.open).toBe(r.stages[1]!.count);
    expect(o.won).toBe(r.stages[2]!.count);
    expect(o.lost).toBeLessThanOrEqual(r.lost.count);
    expect(o.open).toBeLessThanOrEqual(r.open);
  });

  it('consistency and activity points: every salesman, not only the listed ones', async () => {
    const c = await runReport(t.database, consistencyReport, { filters: {}, asOf: AS_OF, limit: 3 });
    expect(c.salesmen).toHaveLength(3);
    expect(c.points).toHaveLength(c.salesmanCount - c.withoutSales);
    const a = await runReport(t.database, activityReport, { filters: {}, asOf: AS_OF, limit: 3 });
    expect(a.salesmen).toHaveLength(3);
    expect(a.points).toHaveLength(a.salesmanCount);
  });
});
