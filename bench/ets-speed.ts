/**
 * ETS fit speed (the forecast report's model choice: every candidate fitted by maximum likelihood, the
 * smallest AICc kept, then 80/95 % intervals) on seeded synthetic revenue series:
 *   monthly — 36 months, trend + 12-month multiplicative season + noise (target < 50 ms per series)
 *   daily   — 1,100 days (3 years), trend + weekday season + noise, m = 7 (target < 1 s per series)
 * Each is timed over several different series after one warm-up fit (the report worker is long-lived).
 * Then "one refresh": `--refresh` (200) monthly series chosen in one loop, total and per-series CPU time
 * (issue 15's 200 series fitted in one refresh). Last, a consistency check: the optimiser's criterion
 * kernel (ets-criterion.ts) against the full recursion (etsFilter) at each candidate's fitted values.
 *
 *   npx tsx bench/ets-speed.ts [--series 10] [--seed 7] [--refresh 200]
 *
 * Prints figures; never use them as test assertions.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { etsCriterion } from '../src/analytics/ets/ets-criterion.js';
import { fitEts } from '../src/analytics/ets/ets-fit.js';
import { forecastEts } from '../src/analytics/ets/ets-intervals.js';
import { etsFilter } from '../src/analytics/ets/ets-recursion.js';
import { candidateModels, selectEts } from '../src/analytics/ets/ets-select.js';
import { etsName } from '../src/analytics/ets/ets-types.js';
import { seededFloats } from '../src/demo/rng.js';

const { values: opts } = parseArgs({ options: { series: { type: 'string', default: '10' }, seed: { type: 'string', default: '7' }, refresh: { type: 'string', default: '200' } } });
const count = Number(opts.series);
const seed = Number(opts.seed);
const refreshCount = Number(opts.refresh);

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
refresh(refreshCount);
checkKernel();

/** The forecast refresh: `count` monthly series (36 months) chosen back to back, as one worker would. */
function refresh(count: number): void {
  const rand = seededFloats(seed + 1);
  const ys = Array.from({ length: count }, () => series(36, 12, rand));
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const y of ys) selectEts(y, 12);
  const wall = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const cpu = (c1.user + c1.system) / 1000;
  console.log(`refresh: ${count} monthly series (n=36 m=12) in one loop: ${(cpu / 1000).toFixed(2)} s CPU (${(cpu / count).toFixed(1)} ms per series), ${(wall / 1000).toFixed(2)} s wall`);
}

/** Largest relative difference between the criterion kernel and etsFilter's `lik` at every candidate's fit. */
function checkKernel(): void {
  const rand = seededFloats(seed + 2);
  let worst = 0;
  for (const [n, m] of [[36, 12], [1100, 7]] as const) {
    const y = series(n, m, rand);
    for (const spec of candidateModels(n, m, true, true)) {
      const fit = fitEts(y, spec);
      if (!fit) continue;
      const full = etsFilter(y, spec, fit.params, fit.initial).lik;
      const fast = etsCriterion(Float64Array.from(y), spec, fit.params, fit.initial, new Float64Array(m));
      worst = Math.max(worst, Math.abs(fast - full) / Math.max(Math.abs(full), 1));
    }
  }
  console.log(`criterion kernel vs etsFilter over every candidate (incl. multiplicative trends): max relative difference ${worst.toExponential(1)}`);
}
