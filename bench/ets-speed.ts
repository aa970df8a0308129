/**
 * ETS fit speed (the forecast report's model choice: every candidate fitted by maximum likelihood, the
 * smallest AICc kept, then 80/95 % intervals) on seeded synthetic revenue series:
 *   monthly — 36 months, trend + 12-month multiplicative season + noise (target < 50 ms per series)
 *   daily   — 1,100 days (3 years), trend + weekday season + noise, m = 7 (target < 1 s per series)
 * Each is timed over several different series after one warm-up fit (the report worker is long-lived).
 *
 *   npx tsx bench/ets-speed.ts [--series 10] [--seed 7]
 *
 * Prints figures; never use them as test assertions.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { forecastEts } from '../src/analytics/ets/ets-intervals.js';
import { selectEts } from '../src/analytics/ets/ets-select.js';
import { etsName } from '../src/analytics/ets/ets-types.js';
import { seededFloats } from '../src/demo/rng.js';

const { values: opts } = parseArgs({ options: { series: { type: 'string', default: '10' }, seed: { type: 'string', default: '7' } } });
const count = Number(opts.series);
const seed = Number(opts.seed);

function series(n: number, m: number, rand: () => number): number[] {
  const season = Array.from({ length: m }, (_, i) => 1 + 0.3 * Math.sin((2 * Math.PI * i) / m) + 0.1 * (rand() - 0.5));
  const out: number[] = [];
  for (let t = 0; t < n; t++) {
    const noise = 1 + 0.08 * (rand() + rand() + rand() - 1.5);
    out.push((100_000 + 800 * t) * (season[t % m] as number) * noise);
  }
  return out;
}

function run(label: string, n: number, m: number, horizon: number): void {
  const rand = seededFloats(seed);
  selectEts(series(n, m, rand), m); // warm-up
  const fitMs: number[] = [];
  const cpuMs: number[] = [];
  const fcMs: number[] = [];
  const chosen = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const y = series(n, m, rand);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const sel = selectEts(y, m);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    cpuMs.push((c1.user + c1.system) / 1000);
    forecastEts(sel.best, horizon);
    const t2 = performance.now();
    fitMs.push(t1 - t0);
    fcMs.push(t2 - t1);
    const name = etsName(sel.best.spec);
    chosen.set(name, (chosen.get(name) ?? 0) + 1);
  }
  const mean = (v: number[]): number => v.reduce((a, x) => a + x, 0) / v.length;
  const max = (v: number[]): number => Math.max(...v);
  console.log(
    `${label}: n=${n} m=${m}, ${count} series: choose model mean ${mean(fitMs).toFixed(1)} ms wall (max ${max(fitMs).toFixed(1)}), ${mean(cpuMs).toFixed(1)} ms CPU, ` +
      `forecast+intervals h=${horizon} mean ${mean(fcMs).toFixed(1)} ms; chosen ${[...chosen].map(([k, v]) => `${k}×${v}`).join(', ')}`,
  );
}

console.log(`load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} cores (wall times stretch with load; CPU time less so)`);
run('monthly', 36, 12, 12);
run('daily', 1100, 7, 28);
