/**
 * The austourists references (R `forecast::ets` fits, ../shared/datasets/forecast) through the real doors:
 * the series written as a sales CSV, imported with `sales-bot import`, forecast with
 * `sales-bot report forecast --grain quarter [--model X] --json`. test/reference/ets-austourists.test.ts
 * checks the same fits on the engine alone.
 *
 * Amounts are visitor nights (the file's millions × 10⁶): money keeps 4 decimals and the file has 8, so
 * this is the unit in which the import stores the series exactly. Scaling a series by c moves every
 * ETS model's maximised Gaussian log-likelihood by exactly −n·ln c (additive error: e scales by c;
 * multiplicative error: e is relative and each log|ŷ| grows by ln c), so ours + n·ln 10⁶ compares with
 * R's loglik + 46.9754 (the constant R leaves out, see the datasets README).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { austouristsNights, convertAustourists, DATASETS_DIR } from '../helpers/datasets.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

interface RFit {
  loglik: [number];
  forecast: number[];
}
interface ForecastJson {
  status: string;
  grain: string;
  seasonLength: number;
  model: { type: string; params: Record<string, number>; loglik: number; aicc: number } | null;
  modelAsked?: string;
  candidates: Array<{ type: string; aicc: number | null }>;
  history: Array<{ period: string; value: number; fitted: number }>;
  forecast: Array<{ period: string; point: number; lower80: number; upper80: number; lower95: number; upper95: number }>;
  pace?: unknown;
}

const N = 68;
const SCALE = 1e6;
/** What R's loglik leaves out: −(n/2)(log(2π/n) + 1) = +46.9754 for n = 68. */
const R_CONSTANT = -(N / 2) * (Math.log((2 * Math.PI) / N) + 1);
const AS_OF = '2015-12-31';

const csv = readFileSync(join(DATASETS_DIR, 'forecast/austourists.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
const SERIES = csv.map((l) => {
  const [quarter, millions] = l.split(',') as [string, string];
  const [year, q] = quarter.split('-Q');
  return { start: `${year}-${String(3 * Number(q) - 2).padStart(2, '0')}-01`, nights: Number(austouristsNights(millions)) };
});
const R = JSON.parse(readFileSync(join(DATASETS_DIR, 'forecast/R_ets_austourists.json'), 'utf8')) as Record<'damped' | 'not_damped', Record<string, RFit>>;
/** Every R fit with the `--model` code that names it (`AAA` damped → `AAdA`) and R's name for it. */
const MODELS = (['damped', 'not_damped'] as const).flatMap((group) =>
  Object.entries(R[group]).map(([code, fit]) => {
    const [e, t, s] = code.split('') as [string, string, string];
    const d = group === 'damped' ? 'd' : '';
    return { group, code: `${e}${t}${d}${s}`, name: `ETS(${e},${t}${d},${s})`, rLoglik: fit.loglik[0] };
  }),
);

describe('austourists through `sales-bot import` → `sales-bot report forecast --grain quarter` (R forecast::ets)', () => {
  let t: TestDatabase;
  const cli = (args: string[]): Promise<CliResult> => runCli(args, { env: { DATABASE_URL: t.url, SALES_TZ: 'UTC', LOG_LEVEL: 'warn' } });
  const forecast = async (extra: string[]): Promise<ForecastJson> => {
    const r = await cli(['report', 'forecast', '--grain', 'quarter', '--as-of', AS_OF, '--json', ...extra]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(r.stdout) as ForecastJson;
  };
  const byModel = new Map<string, ForecastJson>();
  let chosen: ForecastJson;

  beforeAll(async () => {
    t = await createTestDatabase();
    const data = convertAustourists();
    for (const f of data.files) {
      const r = await cli(['import', f.kind, f.path]);
      expect({ kind: f.kind, code: r.code, stderr: r.stderr }).toEqual({ kind: f.kind, code: 0, stderr: '' });
    }
    // Each call is one CLI process (mostly start-up: ~2.5 s of CPU, the fit ~50 ms); three at a time.
    const queue = [...MODELS];
    const worker = async (): Promise<void> => {
      for (let m = queue.shift(); m; m = queue.shift()) byModel.set(m.code, await forecast(['--model', m.code, '--horizon', '4']));
    };
    [chosen] = await Promise.all([forecast([]), worker(), worker()]);
  }, 300_000);
  afterAll(async () => {
    await t?.drop();
  });

  it('reads 68 quarters and 11 R fits', () => {
    expect(SERIES).toHaveLength(N);
    expect(MODELS).toHaveLength(11);
    expect(R_CONSTANT).toBeCloseTo(46.9754, 4);
  });

  it('the history is the file, quarter by quarter, to the unit', () => {
    expect(chosen.status).toBe('ok');
    expect(chosen.grain).toBe('quarter');
    expect(chosen.seasonLength).toBe(4);
    expect(chosen.history.map((h) => [h.period, h.value])).toEqual(SERIES.map((s) => [s.start, s.nights]));
    for (const r of byModel.values()) expect(r.history.map((h) => h.value)).toEqual(SERIES.map((s) => s.nights));
  });

  it.each(MODELS)("--model $code ($group): fits $name from scratch with a log-likelihood at least R's + 46.9754 − 1e-3", ({ code, name, rLoglik }) => {
    const r = byModel.get(code)!;
    expect(r.model!.type).toBe(name);
    expect(r.modelAsked).toBe(name);
    expect(r.candidates.map((c) => c.type)).toEqual([name]);
    expect(r.model!.loglik + N * Math.log(SCALE)).toBeGreaterThanOrEqual(rLoglik + R_CONSTANT - 1e-3);
    expect(r.forecast.map((f) => f.period)).toEqual(['2016-01-01', '2016-04-01', '2016-07-01', '2016-10-01']);
  });

  // The series grows about 8 % a year, so 2016-Q1 lies above every quarter so far in R's 11 fits as in
  // ours: the check is the range of R's forecasts of each quarter (1 % either side), and the season.
  it("without --model, AICc picks a seasonal model whose next 4 quarters are within R's forecasts and follow the season", () => {
    expect(chosen.modelAsked).toBeUndefined();
    expect(chosen.model!.type).toMatch(/^ETS\([AM],(N|A|Ad),[AM]\)$/);
    expect(chosen.model!.type).toBe('ETS(M,A,M)'); // as the README states
    expect(chosen.candidates.length).toBeGreaterThan(1);
    expect(chosen.candidates[0]!.type).toBe(chosen.model!.type);
    expect(chosen.forecast).toHaveLength(8); // default horizon: 8 quarters
    const rForecasts = Object.values(R).flatMap((g) => Object.values(g));
    chosen.forecast.slice(0, 4).forEach((f, h) => {
      const r = rForecasts.map((x) => x.forecast[h]! * SCALE);
      expect(f.point).toBeGreaterThanOrEqual(Math.min(...r) * 0.99);
      expect(f.point).toBeLessThanOrEqual(Math.max(...r) * 1.01);
      expect(f.lower95).toBeLessThan(f.point);
      expect(f.point).toBeLessThan(f.upper95);
    });
    // the season of the last three years: Q1 highest, Q2 lowest, Q3 below Q4
    const [q1, q2, q3, q4] = chosen.forecast.slice(0, 4).map((f) => f.point) as [number, number, number, number];
    for (const year of SERIES.slice(-12).reduce<number[][]>((a, s, i) => (i % 4 === 0 ? [...a, [s.nights]] : (a.at(-1)!.push(s.nights), a)), [])) {
      expect([year[0]! > year[3]!, year[3]! > year[2]!, year[2]! > year[1]!]).toEqual([true, true, true]);
    }
    expect([q1 > q4, q4 > q3, q3 > q2]).toEqual([true, true, true]);
    expect(chosen.pace).toBeUndefined(); // 2015-Q4 is complete on 2015-12-31
  });

  it('a seasonal model on too short a history is a usage error saying what to type instead', async () => {
    const r = await cli(['report', 'forecast', 'from:2015-01-01', '--grain', 'quarter', '--model', 'MAM', '--as-of', AS_OF]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/ETS\(M,A,M\) has a season of 4 quarters, which needs at least 6 complete quarters of history; there are 4\..*model:MAN/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
