import { selectEts } from '../src/analytics/ets/ets-select.js';
import * as rec from '../src/analytics/ets/ets-recursion.js';
import { seededFloats } from '../src/demo/rng.js';
function series(n: number, m: number, rand: () => number): number[] {
  const season = Array.from({ length: m }, (_, i) => 1 + 0.3 * Math.sin((2 * Math.PI * i) / m) + 0.1 * (rand() - 0.5));
  const out: number[] = [];
  for (let t = 0; t < n; t++) { const noise = 1 + 0.08 * (rand() + rand() + rand() - 1.5); out.push((100_000 + 800 * t) * (season[t % m] as number) * noise); }
  return out;
}
const rand = seededFloats(7);
for (const [n,m] of [[36,12],[1100,7]]) {
  const y = series(n,m,rand);
  const c0 = process.cpuUsage();
  const s = selectEts(y, m);
  const c1 = process.cpuUsage(c0);
  console.log(n, (c1.user)/1000, s.candidates.map(c=>c.name+':'+c.aicc.toFixed(2)).join(' '));
}
