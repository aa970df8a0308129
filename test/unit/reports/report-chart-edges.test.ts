import { describe, expect, it } from 'vitest';
import { leastSquares, wrap } from '../../../src/charts/chart-kit.js';
import { chartForReport, renderReportChart } from '../../../src/reports/report-chart.js';
import { REPORT_CHART_SIZE } from '../../../src/charts/theme.js';

/** The envelope every result carries; the bodies below hold only what the charts read. */
const envelope = (report: string) => ({
  report,
  asOf: '2025-06-30',
  dataAsOf: null,
  period: { to: '2025-06-30' },
  filters: {},
  source: 'live' as const,
});

async function expectPng(report: string, result: object): Promise<void> {
  const png = await renderReportChart(report, result);
  expect(png).not.toBeNull();
  expect(png!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect([png!.readUInt32BE(16), png!.readUInt32BE(20)]).toEqual([REPORT_CHART_SIZE.width, REPORT_CHART_SIZE.height]);
}

const salesman = (id: string, won: number, lost: number) => ({ salesmanId: id, name: `Rep ${id}`, won, lost, winRate: won + lost ? won / (won + lost) : null, medianDaysToClose: null });
const funnel = (lead: number, opp: number, won: number, lost: number, open: number, bySalesman: ReturnType<typeof salesman>[] = []) => ({
  ...envelope('funnel'),
  window: { from: '2024-07-01', to: '2025-06-30' },
  stages: [
    { stage: 'lead', count: lead, conversion: null },
    { stage: 'opportunity', count: opp, conversion: lead ? opp / lead : null },
    { stage: 'won', count: won, conversion: opp ? won / opp : null },
  ],
  lost: { count: lost, reasons: [] },
  open,
  opportunityOutcomes: { won, lost: 0, open: opp - won },
  bySalesman,
  won,
  lostClosed: lost,
  winRate: won + lost ? won / (won + lost) : null,
  medianDaysToClose: null,
  medianDaysToWin: null,
});
const geo = (cities: { city: string; latitude: number | null; longitude: number | null; revenue: number }[], regions = ['North']) => ({
  ...envelope('geo'),
  totalRevenue: cities.reduce((s, c) => s + c.revenue, 0),
  totalCustomers: 3,
  regionCount: regions.length,
  cityCount: cities.length,
  underServedCount: 0,
  regions: regions.map((region) => ({ region, revenue: 100, orders: 1, customers: 1, buyers: 1, revenueShare: 1 / regions.length, customerShare: 1 / regions.length, underServed: false })),
  cities: cities.map((c) => ({ ...c, region: regions[0]!, customers: 1 })),
});
const timing = (cells: [number, number, number][]) => {
  const matrix = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const orders = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const [d, h, v] of cells) {
    matrix[d]![h] = v;
    orders[d]![h] = 1;
  }
  return { ...envelope('timing'), timeZone: 'UTC', matrix, orders, peak: cells.length ? { dayOfWeek: cells[0]![0], hour: cells[0]![1] } : null, totalRevenue: 0, totalOrders: cells.length, byDay: [], byHour: [] };
};
const whyResult = (previous: number, current: number, drivers: { dimension: string; member: string; delta: number }[] = []) => ({
  ...envelope('why'),
  periods: { current: { from: '2025-06-01', to: '2025-06-30' }, previous: { from: '2025-05-02', to: '2025-05-31' } },
  previous,
  current,
  delta: current - previous,
  drivers: drivers.map((d) => ({ ...d, name: d.member, previous: 0, current: 0, share: null })),
  priceVolumeMix: { price: 0, volume: current - previous, mix: 0, other: 0, newProductsRevenue: 0, lostProductsRevenue: 0, products: [] },
});

describe('report charts: nothing to draw gives null', () => {
  const empty: [string, object][] = [
    ['why', whyResult(0, 0)],
    ['rfm', { ...envelope('rfm'), asOf: '2025-06-30', customerCount: 0, breaks: { recency: [], frequency: [], monetary: [] }, segments: [], customers: [], points: [] }],
    ['churn', { ...envelope('churn'), customersAssessed: 0, atRiskCount: 0, totalValueAtRisk: 0, customers: [] }],
    ['clv', { ...envelope('clv'), status: 'insufficient', settings: { unit: 'week', horizon: 52, months: 12, discount: 0.01 }, model: null, customerCount: 0, repeatCustomers: 0, totalClv: null, customers: [], clvSample: [] }],
    ['crosssell', { ...envelope('crosssell'), transactions: 0, rules: 0, ruleCount: 0, customersWithSuggestions: 0, salesmen: [] }],
    ['affinity', { ...envelope('affinity'), transactions: 0, ruleCount: 0, rules: [] }],
    ['abc', { ...envelope('abc'), period: { from: '2025-06-30', to: '2025-06-30' }, productCount: 0, totalRevenue: 0, summary: { A: 0, B: 0, C: 0 }, revenueByClass: { A: 0, B: 0, C: 0 }, products: [] }],
    ['slow', { ...envelope('slow'), referenceDay: '2025-06-30', productCount: 3, buckets: { d30: 0, d60: 0, d90: 0 }, stockValue: { d30: 0, d60: 0, d90: 0 }, products: [] }],
    ['funnel', funnel(0, 0, 0, 0, 0)],
    ['winrate', funnel(3, 0, 0, 0, 3)],
    ['consistency', { ...envelope('consistency'), period: { from: '2025-04-01', to: '2025-06-30' }, workingDays: 64, salesmanCount: 0, withoutSales: 0, salesmen: [], points: [] }],
    ['activity', { ...envelope('activity'), period: { from: '2025-01-01', to: '2025-06-30' }, salesmanCount: 0, salesmen: [], points: [], correlation: { pearson: null, spearman: null, n: 0 } }],
    ['geo', geo([], [])],
    ['timing', timing([])],
    ['seasonality', { ...envelope('seasonality'), status: 'insufficient', months: [], monthCount: 0, monthsRequired: 24, seasonalIndex: null, peakMonths: [], peakMonthNames: [], strength: null }],
  ];
  it.each(empty)('%s', async (report, result) => {
    expect(chartForReport(report, result)).toBeNull();
    expect(await renderReportChart(report, result)).toBeNull();
  });

  it('an unknown report is an error, not an empty chart', () => {
    expect(() => chartForReport('nope', {})).toThrow('There is no chart for report "nope".');
  });
});

describe('report charts: single rows, zeros and negative values still draw', () => {
  it('kpi: a month without sales is a flat line', async () => {
    const days = Array.from({ length: 30 }, (_, i) => ({ day: `2025-06-${String(i + 1).padStart(2, '0')}`, revenue: 0 }));
    const r = { ...envelope('kpi'), today: '2025-06-30', runRate: 0, monthToDate: 0, activeSalesmenRatio: null, topMover: null, dailyRevenue: days };
    expect(chartForReport('kpi', r)?.type).toBe('line');
    await expectPng('kpi', r);
  });

  it('why: a fall to negative revenue, by one driver, ends below zero', async () => {
    const r = whyResult(500, -200, [{ dimension: 'region', member: 'North', delta: -700 }]);
    const bars = chartForReport('why', r)!.data.datasets[0]!.data;
    expect(bars).toEqual([[0, 500], [500, -200], [0, -200]]);
    await expectPng('why', r);
  });

  it('why: without drivers the change is split by price, volume and mix', () => {
    const r = whyResult(100, 150);
    expect(chartForReport('why', r)!.data.labels).toEqual([['Previous'], ['Volume'], ['Current']]);
  });

  it('rfm: only refunds (no positive revenue) fall back to the segment bars', async () => {
    const r = {
      ...envelope('rfm'),
      customerCount: 1,
      breaks: { recency: [], frequency: [], monetary: [] },
      segments: [{ segment: 'New Customers', customers: 1, revenue: -50 }],
      customers: [],
      points: [{ recencyDays: 0, monetary: -50, segment: 'New Customers' }],
    };
    expect(chartForReport('rfm', r)?.type).toBe('bar');
    await expectPng('rfm', r);
  });

  it('clv: one customer fills the bin of their value, on an axis from 0', async () => {
    const r = { ...envelope('clv'), status: 'ok', settings: { unit: 'week', horizon: 52, months: 12, discount: 0.01 }, model: null, customerCount: 1, repeatCustomers: 1, totalClv: 42, customers: [], clvSample: [42] };
    const config = chartForReport('clv', r)!;
    const shares = config.data.datasets[0]!.data as number[];
    expect(shares.filter((x) => x > 0)).toEqual([1]);
    expect((config.data.labels as string[])[shares.indexOf(1)]).toBe('40–45');
    expect((config.data.labels as string[])[0]).toBe('0–5');
    await expectPng('clv', r);
  });

  it('abc: one product with a refund-only (negative) revenue', async () => {
    const r = {
      ...envelope('abc'),
      period: { from: '2025-01-01', to: '2025-06-30' },
      productCount: 1,
      totalRevenue: -10,
      summary: { A: 0, B: 0, C: 1 },
      revenueByClass: { A: 0, B: 0, C: -10 },
      products: [{ productId: 'P1', name: 'Paper', category: null, revenue: -10, units: -1, share: 1, cumulativeShare: 1, class: 'C', cv: null, xyz: null, abcXyz: null }],
    };
    await expectPng('abc', r);
  });

  it('slow: without known stock, days since the last sale', async () => {
    const r = {
      ...envelope('slow'),
      referenceDay: '2025-06-30',
      productCount: 2,
      buckets: { d30: 2, d60: 1, d90: 0 },
      stockValue: { d30: 0, d60: 0, d90: 0 },
      products: [
        { productId: 'P1', name: 'Paper', category: null, lastSoldAt: '2025-05-01', daysSinceSale: 60, stockQty: null, stockValue: null },
        { productId: 'P2', name: 'Ink', category: null, lastSoldAt: null, daysSinceSale: null, stockQty: null, stockValue: null },
      ],
    };
    expect(chartForReport('slow', r)!.data.datasets[0]!.data).toEqual([60]);
    await expectPng('slow', r);
  });

  it('funnel and winrate: every lead still open, one salesman who only lost', async () => {
    await expectPng('funnel', funnel(4, 0, 0, 0, 4));
    const r = funnel(4, 1, 0, 2, 2, [salesman('S1', 0, 2)]);
    expect(chartForReport('winrate', r)!.data.datasets[0]!.data).toEqual([0]);
    await expectPng('winrate', r);
  });

  it('consistency and activity: one salesman is a dot without a fitted line', async () => {
    const c = { ...envelope('consistency'), period: { from: '2025-04-01', to: '2025-06-30' }, workingDays: 64, salesmanCount: 1, withoutSales: 0, salesmen: [], points: [{ salesmanId: 'S1', name: 'Sam', meanDaily: 10, cv: 2 }] };
    expect(chartForReport('consistency', c)!.data.datasets).toHaveLength(1);
    await expectPng('consistency', c);
    const a = {
      ...envelope('activity'),
      period: { from: '2025-01-01', to: '2025-06-30' },
      salesmanCount: 2,
      salesmen: [],
      points: [
        { salesmanId: 'S1', name: 'Sam', activities: 3, revenue: -20 },
        { salesmanId: 'S2', name: 'Sue', activities: 3, revenue: 50 },
      ],
      correlation: { pearson: null, spearman: null, n: 4 },
    };
    // Same activity count for both: no spread in x, so no line.
    expect(chartForReport('activity', a)!.data.datasets).toHaveLength(1);
    await expectPng('activity', a);
  });

  it('geo: no coordinates give region bars; one city gives a map', async () => {
    const plain = geo([{ city: 'Oslo', latitude: null, longitude: null, revenue: 10 }]);
    expect(chartForReport('geo', plain)?.type).toBe('bar');
    await expectPng('geo', plain);
    const one = geo([{ city: 'Oslo', latitude: 59.91, longitude: 10.75, revenue: 0 }]);
    expect(chartForReport('geo', one)?.type).toBe('bubbleMap');
    await expectPng('geo', one);
  });

  it('geo: US-only cities get the Albers USA states map; cities on several continents the world', () => {
    const projection = (r: object) => (chartForReport('geo', r)!.options!.scales as Record<string, { projection: string }>).projection!.projection;
    const us = geo([
      { city: 'Boston', latitude: 42.36, longitude: -71.06, revenue: 5 },
      { city: 'Miami', latitude: 25.76, longitude: -80.19, revenue: 5 },
      { city: 'Honolulu', latitude: 21.31, longitude: -157.86, revenue: 5 },
    ]);
    expect(projection(us)).toBe('albersUsa');
    const withToronto = geo([...us.cities, { city: 'Toronto', latitude: 43.65, longitude: -79.38, revenue: 5 }]);
    expect(projection(withToronto)).toBe('mercator');
    const world = geo([
      { city: 'London', latitude: 51.51, longitude: -0.13, revenue: 5 },
      { city: 'Sydney', latitude: -33.87, longitude: 151.21, revenue: 5 },
    ]);
    expect(projection(world)).toBe('equalEarth');
  });

  it('timing: a single refund-only cell still draws the grid', async () => {
    const r = timing([[2, 9, -30]]);
    const cells = chartForReport('timing', r)!.data.datasets[0]!.data;
    expect(cells).toHaveLength(7);
    await expectPng('timing', r);
  });

  it('seasonality: too little history is the monthly line alone', async () => {
    const r = {
      ...envelope('seasonality'),
      status: 'insufficient',
      message: 'x',
      months: [{ month: '2025-05', value: 100, trend: null, seasonal: 1, remainder: null }],
      monthCount: 1,
      monthsRequired: 24,
      seasonalIndex: null,
      peakMonths: [],
      peakMonthNames: [],
      strength: null,
    };
    const config = chartForReport('seasonality', r)!;
    expect(config.data.datasets).toHaveLength(1);
    expect(config.options?.plugins?.subtitle?.text).toBe('No seasonal index yet: 1 of 24 complete months');
    await expectPng('seasonality', r);
  });
});

describe('chart kit', () => {
  it('fits a least-squares line, and refuses one point or no spread in x', () => {
    const fit = leastSquares([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }])!;
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(leastSquares([{ x: 1, y: 1 }])).toBeNull();
    expect(leastSquares([{ x: 1, y: 1 }, { x: 1, y: 4 }])).toBeNull();
  });

  it('wraps labels at spaces into at most two lines, truncating the rest', () => {
    expect(wrap('Other categories', 12)).toEqual(['Other', 'categories']);
    expect(wrap('Nordic Office Height-Adjustable Desk', 12)).toEqual(['Nordic', 'Office Heig…']);
    expect(wrap('Computers', 12)).toEqual(['Computers']);
  });
});
