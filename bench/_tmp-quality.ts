import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fitEts } from '../src/analytics/ets/ets-fit.js';
import { candidateModels } from '../src/analytics/ets/ets-select.js';
import { etsName } from '../src/analytics/ets/ets-types.js';
import { seededFloats } from '../src/demo/rng.js';
function series(n: number, m: number, rand: () => number): number[] {
  const season = Array.from({ length: m }, (_, i) => 1 + 0.3 * Math.sin((2 * Math.PI * i) / m) + 0.1 * (rand() - 0.5));
  const out: number[] = [];
  for (let t = 0; t < n; t++) { const noise = 1 + 0.08 * (rand() + rand() + rand() - 1.5); out.push((100_000 + 800 * t) * (season[t % m] as number) * noise); }
  return out;
}
const aus = readFileSync('/work/shared/datasets/forecast/austourists.csv','utf8').trim().split(/\r?\n/).slice(1).map(l=>Number(l.split(',')[1]));
const air = readFileSync('/work/shared/datasets/seasonality/AirPassengers.csv','utf8').split(/\r?\n/).slice(1).filter(l=>l.trim()).map(l=>Number(l.split(',')[1]!.replace(/"/g,''))).slice(0,132);
const rand = seededFloats(11);
const sets: Array<[string, number[], number]> = [['aus', aus, 4], ['air', air, 12]];
for (let i=0;i<6;i++) sets.push(['mon'+i, series(36,12,rand), 12]);
for (let i=0;i<2;i++) sets.push(['day'+i, series(1100,7,rand), 7]);
const res: Record<string, number> = {};
let evals=0; const c0=process.cpuUsage();
const byset: Record<string, number> = {};
for (const [name,y,m] of sets) { const c1=process.cpuUsage(); for (const s of candidateModels(y.length,m,true)) { (globalThis as any).__evals=0; const f=fitEts(y,s); evals+=(globalThis as any).__evals; res[name+' '+etsName(s)] = f?f.loglik:NaN; } const d=process.cpuUsage(c1); byset[name]=Math.round(d.user/1000); }
const cpu=process.cpuUsage(c0);
console.log('evals', evals, 'cpu ms', cpu.user/1000, JSON.stringify(byset));
const base = '/tmp/etsf-base.json';
if (!existsSync(base)) { writeFileSync(base, JSON.stringify(res)); console.log('baseline saved'); }
else { const b = JSON.parse(readFileSync(base,'utf8')); let worst=0; let sum=0; const bad:string[]=[]; for (const k of Object.keys(b)) { const d = res[k]! - b[k]; sum+=d; if (d < worst) worst = d; if (d < -1e-3) bad.push(k+' '+d.toFixed(4)); } console.log('worst drop', worst.toFixed(5), 'sum diff', sum.toFixed(3)); console.log(bad.join('\n')); const better=Object.keys(b).filter(k=>res[k]!-b[k]>1e-3).length; console.log('better', better, 'worse', bad.length); }
