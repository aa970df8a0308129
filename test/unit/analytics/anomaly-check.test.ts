import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { checkAnomaly, fitAnomalyModel, monthOfYearIndex, type AnomalyModel, type AnomalyPoint } from '../../../src/analytics/anomaly-check.js';
import { dayFromYmd, isoDay, ymdOf } from '../../../src/analytics/calendar-day.js';

const WEEKDAY = [1.15, 1.05, 1.0, 0.95, 0.85]; // Mon..Fri
const MONTH = [0.9, 0.95, 1.05, 1.0, 1.0, 0.9, 0.8, 0.78, 1.05, 1.1, 1.55, 1.2]; // a November peak
const NOV = 11;

/** Three years of Mon–Fri revenue: trend, weekday pattern, November peak, lognormal noise (σ ≈ 8 %). */
function generate(seed: number): AnomalyPoint[] {
  const rng = xoroshiro128plus(seed);
  const normal = (): number => {
    const u = Math.max(uniformFloat64(rng), 1e-12);
    const v = uniformFloat64(rng);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const out: AnomalyPoint[] = [];
  const first = dayFromYmd(2023, 1, 2); // a Monday
  const last = dayFromYmd(2025, 12, 31);
  for (let d = first; d <= last; d++) {
    const wd = (d - first) % 7;
    if (wd >= 5) continue;
    const t = (d - first) / 365;
    const value = 10_000 * (1 + 0.08 * t) * WEEKDAY[wd]! * MONTH[ymdOf(d).month - 1]! * Math.exp(0.08 * normal());
    out.push({ period: isoDay(d), value });
  }
  return out;
}

/** Plant ±40–60 % spikes and drops every 7–11 working days in the last `window` days, away from month edges. */
function plant(series: AnomalyPoint[], window: number, seed: number): Set<number> {
  const rng = xoroshiro128plus(seed);
  const planted = new Set<number>();
  let i = series.length - window + 5;
  let sign = 1;
  while (i < series.length) {
    const size = 0.4 + 0.2 * uniformFloat64(rng);
    series[i] = { ...series[i]!, value: series[i]!.value * (1 + sign * size) };
    planted.add(i);
    sign = -sign;
    i += 7 + Math.floor(uniformFloat64(rng) * 5);
  }
  return planted;
}

/** Run the daily job over the last `window` days: refit every `refitEvery` days, state updated daily. */
function runDaily(series: AnomalyPoint[], window: number, refitEvery: number): { alerted: Set<number>; fitMs: number[]; dev: Map<number, number> } {
  const alerted = new Set<number>();
  const dev = new Map<number, number>();
  const fitMs: number[] = [];
  let model: AnomalyModel | undefined;
  for (let k = 0; k < window; k++) {
    const i = series.length - window + k;
    const history = series.slice(0, i);
    if (k % refitEvery === 0) {
      const t0 = performance.now();
      model = fitAnomalyModel(history, { grain: 'day', seasonLength: 5 });
      fitMs.push(performance.now() - t0);
    }
    const finding = checkAnomaly({ metric: 'revenue', history, period: series[i]!.period, actual: series[i]!.value, model }, { grain: 'day', seasonLength: 5 });
    if (finding) alerted.add(i);
    if (finding) dev.set(i, finding.deviation ?? 0);
  }
  return { alerted, fitMs, dev };
}

describe('anomaly check', () => {
  it('finds planted spikes and drops with precision and recall ≥ 0.9 and does not alert the November peak', () => {
    const WINDOW = 130; // about July to December: the November peak is inside
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let novemberAlerts = 0;
    const fitMs: number[] = [];
    for (const seed of [11, 12, 13]) {
      const series = generate(seed);
      const planted = plant(series, WINDOW, seed + 100);
      const run = runDaily(series, WINDOW, 20);
      fitMs.push(...run.fitMs);
      for (const i of run.alerted) {
        if (planted.has(i)) tp++;
        else {
          fp++;
          if (ymdOf(dayFromYmd(+series[i]!.period.slice(0, 4), +series[i]!.period.slice(5, 7), +series[i]!.period.slice(8, 10))).month === NOV) novemberAlerts++;
        }
      }
      for (const i of planted) if (!run.alerted.has(i)) fn++;
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.info(`anomaly P/R: tp=${tp} fp=${fp} fn=${fn} precision=${precision.toFixed(3)} recall=${recall.toFixed(3)}; fit ms median ${fitMs.sort((a, b) => a - b)[fitMs.length >> 1]!.toFixed(0)}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
    expect(novemberAlerts).toBe(0);
  });

  it('does not alert the first November days when the yearly season is known, and would without it', () => {
    const series = generate(5);
    const nov3 = series.findIndex((p) => p.period === '2025-11-03');
    const history = series.slice(0, nov3);
    const withIndex = checkAnomaly({ metric: 'revenue', history, period: series[nov3]!.period, actual: series[nov3]!.value }, { grain: 'day', seasonLength: 5 });
    expect(withIndex).toBeUndefined();
    // One year of history: no month index, the +40 % step into November is news to the model.
    const lastYear = history.slice(-260);
    expect(monthOfYearIndex(lastYear, 'day')).toBeUndefined();
    const without = checkAnomaly({ metric: 'revenue', history: lastYear, period: series[nov3]!.period, actual: series[nov3]!.value }, { grain: 'day', seasonLength: 5 });
    expect(without?.direction).toBe('above');
    expect(without?.yearlySeason).toBe(false);
  });

  it('the month index sees the November peak', () => {
    const index = monthOfYearIndex(generate(3), 'day')!;
    expect(index.indexOf(Math.max(...index))).toBe(NOV - 1);
    expect(index[NOV - 1]!).toBeGreaterThan(1.3);
  });

  it('reports a drop with expected, bounds and direction', () => {
    const series = generate(9);
    const i = series.length - 20;
    const actual = series[i]!.value * 0.5;
    const f = checkAnomaly({ metric: 'revenue', history: series.slice(0, i), period: series[i]!.period, actual }, { grain: 'day', seasonLength: 5 });
    expect(f).toMatchObject({ metric: 'revenue', period: series[i]!.period, actual, direction: 'below' });
    expect(f!.lower).toBeGreaterThan(actual);
    expect(f!.expected).toBeGreaterThan(f!.lower);
    expect(f!.upper).toBeGreaterThan(f!.expected);
    expect(f!.deviation!).toBeLessThan(-0.3);
  });

  it('weekly grain: deseasonalised by month, no alert for a normal November week, alert for a halved week', () => {
    const daily = generate(21);
    const weeks: AnomalyPoint[] = [];
    for (let i = 0; i < daily.length; i += 5) weeks.push({ period: daily[i]!.period, value: daily.slice(i, i + 5).reduce((s, p) => s + p.value, 0) });
    const w = weeks.findIndex((p) => p.period === '2025-11-10');
    const o = { grain: 'week' as const, seasonLength: 5 };
    expect(checkAnomaly({ metric: 'revenue', history: weeks.slice(0, w), period: weeks[w]!.period, actual: weeks[w]!.value }, o)).toBeUndefined();
    expect(checkAnomaly({ metric: 'revenue', history: weeks.slice(0, w), period: weeks[w]!.period, actual: weeks[w]!.value * 0.5 }, o)?.direction).toBe('below');
  });

  it('no check on short, sparse or constant history, or a non-finite actual', () => {
    const o = { grain: 'day' as const, seasonLength: 5 };
    const series = generate(1);
    expect(fitAnomalyModel(series.slice(0, 39), o)).toBeUndefined();
    expect(fitAnomalyModel(series.slice(0, 40), o)).toBeDefined();
    const sparse = series.slice(0, 200).map((p, i) => ({ ...p, value: i % 3 === 0 ? 0 : p.value }));
    expect(fitAnomalyModel(sparse, o)).toBeUndefined();
    const flat = series.slice(0, 200).map((p) => ({ ...p, value: 7 }));
    expect(checkAnomaly({ metric: 'orders', history: flat, period: '2025-01-01', actual: 70 }, o)).toBeUndefined();
    expect(checkAnomaly({ metric: 'orders', history: series.slice(0, 200), period: series[200]!.period, actual: Number.NaN }, o)).toBeUndefined();
  });
});
