/**
 * Model fit speed on synthetic populations of the "wide distributor" shape: 200,000 customers over three
 * years with gamma-distributed purchase rates, most buying once or twice. Times BG/NBD and Gamma-Gamma
 * (the clv report's `fitClvModels`) on two populations drawn from the model with a seeded generator:
 *   shared   — one drop-out chance for everyone (the degenerate BG/NBD: a, b → ∞ with a/(a+b) fixed)
 *   beta     — drop-out chances spread as Beta(0.8, 4) (an interior optimum)
 *   same-rate — as beta, but everyone buys at the same rate (the degenerate Gamma: r, α → ∞ with r/α
 *              fixed, fitted by the reduced one-rate model)
 * plus a warm start from the first fit's parameters (what a refresh with a stored snapshot does).
 *
 *   npx tsx bench/fit-speed.ts [--customers 200000] [--seed 13] [--only shared|beta|same-rate]
 *
 * Prints figures; never use them as test assertions.
 */
import { parseArgs } from 'node:util';
import { simulateBgNbdCustomers, type SimulationSpec } from '../src/analytics/bgnbd-simulate.js';
import { fitBgNbd } from '../src/analytics/bgnbd.js';
import { fitGammaGamma } from '../src/analytics/gamma-gamma.js';
import { seededFloats } from '../src/demo/rng.js';

const { values: opts } = parseArgs({
  options: {
    customers: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '13' },
    only: { type: 'string' },
  },
});
const customers = Number(opts.customers);
const seed = Number(opts.seed);

const base = { customers, r: 0.45, alpha: 180, days: 3 * 365, spend: { p: 6, q: 4, v: 300 } } as const;
const populations: Array<{ name: string; spec: SimulationSpec }> = [
  { name: 'shared', spec: { ...base, dropout: 0.17 } },
  { name: 'beta', spec: { ...base, dropout: { a: 0.8, b: 4 } } },
  // everyone buys at the same rate (r → ∞ with r/α fixed): the one-rate reduced model
  { name: 'same-rate', spec: { ...base, r: 1e6, alpha: 1e6 * 150, dropout: { a: 0.8, b: 4 } } },
];

const fmt = (v: number): string => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(3) : v.toFixed(4));
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

for (const { name, spec } of populations) {
  if (opts.only && opts.only !== name) continue;
  const data = simulateBgNbdCustomers(spec, seededFloats(seed));
  let once = 0;
  let twice = 0;
  for (let i = 0; i < customers; i++) {
    if (data.x[i] === 0) once++;
    else if (data.x[i] === 1) twice++;
  }
  console.log(`\n${name}: ${customers} customers, ${((100 * once) / customers).toFixed(1)} % bought on one day, ${((100 * twice) / customers).toFixed(1)} % on two`);

  let t0 = performance.now();
  const bg = fitBgNbd({ x: data.x, tx: data.tx, T: data.T });
  const bgMs = performance.now() - t0;
  if (bg.status !== 'ok') {
    console.log(`  BG/NBD ${bg.status}`);
    continue;
  }
  const { r, alpha, a, b } = bg.params;
  console.log(
    `  BG/NBD        ${seconds(bgMs).padStart(9)}  r ${fmt(r)}  α ${fmt(alpha)}  a ${fmt(a)}  b ${fmt(b)}  a/(a+b) ${fmt(a / (a + b))}` +
      `  lnL ${bg.logLikelihood.toFixed(2)}  ${bg.method}, ${bg.iterations} iterations, converged ${bg.converged}` +
      `, drop-out ${bg.dropout}, rates ${bg.heterogeneity}${bg.sameRate !== undefined ? ` (λ ${fmt(bg.sameRate)})` : ''}${bg.timedOut ? ', TIMED OUT' : ''}` +
      `, ${bg.uniqueTriples} triples`,
  );

  t0 = performance.now();
  const warm = fitBgNbd({ x: data.x, tx: data.tx, T: data.T }, { initial: bg.params });
  const warmMs = performance.now() - t0;
  if (warm.status === 'ok') {
    console.log(
      `  BG/NBD warm   ${seconds(warmMs).padStart(9)}  lnL ${warm.logLikelihood.toFixed(2)}  ${warm.method}, ${warm.iterations} iterations, converged ${warm.converged}, drop-out ${warm.dropout}, rates ${warm.heterogeneity}`,
    );
  }

  t0 = performance.now();
  const gg = fitGammaGamma({ frequency: data.x, monetary: data.monetary });
  const ggMs = performance.now() - t0;
  if (gg.status === 'ok') {
    console.log(
      `  Gamma-Gamma   ${seconds(ggMs).padStart(9)}  p ${fmt(gg.params.p)}  q ${fmt(gg.params.q)}  v ${fmt(gg.params.v)}` +
        `  lnL ${gg.logLikelihood.toFixed(2)}  ${gg.method}, ${gg.iterations} iterations, converged ${gg.converged}, spend scale ${gg.spendScale}` +
        `, ${gg.customers} customers in ${gg.uniquePairs} (x, x·m̄) pairs`,
    );
  } else {
    console.log(`  Gamma-Gamma ${gg.status}`);
  }
}
