/**
 * Cost of one expected range (expectedBand: ETS model selection + the judged period's 80/95 % interval)
 * for the series the expected ranges fit, on seeded synthetic revenue:
 *   month  — 36 months, m = 12 (KPI cards, 30-day digests)
 *   day    — 112 days (16 weeks), m = 7 (daily follow digests and digests)
 *   week   — 104 weeks, no season (weekly follow digests and digests)
 * Timed over several series after one warm-up (workers and report threads are long-lived).
 *
 *   npx tsx bench/expected-range-speed.ts [--series 10] [--seed 7]
 *
 * Prints figures; never use them as test assertions.
 */
import { parseArgs } from 'node:util';
import { expectedBand } from '../src/analytics/expected-range.js';
import { seededFloats } from '../src/demo/rng.js';

const { values: opts } = parseArgs({ options: { series: { type: 'string', default: '10' }, seed: { type: 'string', default: '7' } } });
const count = Number(opts.series);
const rand = seededFloats(Number(opts.seed));

function series(n: number, m: number): number[] {
  const season = Array.from({ length: Math.max(m, 1) }, (_, i) => 1 + 0.3 * Math.sin((2 * Math.PI * i) / Math.max(m, 1)) + 0.1 * (rand() - 0.5));
  return Array.from({ length: n }, (_, t) => (100_000 + 800 * t) * (season[t % Math.max(m, 1)] as number) * (1 + 0.08 * (rand() + rand() + rand() - 1.5)));
}

for (const [label, n, m] of [
  ['month (36, m=12)', 36, 12],
  ['day (112, m=7)', 112, 7],
  ['week (104, m=1)', 104, 1],
] as const) {
  expectedBand(series(n, m), m);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const y = series(n, m);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    expectedBand(y, m);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const sorted = (a: number[]) => [...a].sort((x, y) => x - y);
  const med = (a: number[]) => sorted(a)[Math.floor(a.length / 2)]!;
  console.log(`${label.padEnd(18)} median ${med(wall).toFixed(0)} ms wall, ${med(cpu).toFixed(0)} ms CPU; max ${Math.max(...wall).toFixed(0)} ms wall`);
}
