/**
 * R `forecast::ets` fits of austourists (the series and fits statsmodels tests its ETSModel against; see
 * ../shared/datasets/README.md). R reports loglik = −lik/2 where lik = n·log(Σe²) + 2Σlog|ŷ|, i.e. the
 * Gaussian log-likelihood with σ² concentrated out minus the constant (n/2)(log(2π/n) + 1) = −46.9754
 * for n = 68; our fits report the full Gaussian log-likelihood, so R's value + 46.9754 is what compares.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitEts } from '../../src/analytics/ets/ets-fit.js';
import { logLikelihoodFromCriterion } from '../../src/analytics/ets/ets-likelihood.js';
import { etsFilter, etsPointForecast } from '../../src/analytics/ets/ets-recursion.js';
import type { EtsParams, EtsSpec, EtsState } from '../../src/analytics/ets/ets-types.js';
import { DATASETS_DIR } from '../helpers/datasets.js';

interface RFit {
  alpha: [number];
  beta: [number | 'NaN'];
  gamma: [number | 'NaN'];
  phi: [number | 'NaN'];
  initstate: number[];
  sigma2: [number];
  loglik: [number];
  forecast: number[];
}

const y = readFileSync(join(DATASETS_DIR, 'forecast/austourists.csv'), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => Number(l.split(',')[1]));
const R = JSON.parse(readFileSync(join(DATASETS_DIR, 'forecast/R_ets_austourists.json'), 'utf8')) as Record<'damped' | 'not_damped', Record<string, RFit>>;
const models = (['damped', 'not_damped'] as const).flatMap((group) => Object.entries(R[group]).map(([code, fit]) => ({ group, code, fit })));
const num = (v: number | 'NaN'): number | undefined => (v === 'NaN' ? undefined : v);

function rModel(group: 'damped' | 'not_damped', code: string, fit: RFit): { spec: EtsSpec; params: EtsParams; state: EtsState } {
  const [error, trend, season] = code.split('') as [EtsSpec['error'], EtsSpec['trend'], EtsSpec['season']];
  const spec: EtsSpec = { error, trend, season, damped: group === 'damped', m: 4 };
  const params: EtsParams = { alpha: fit.alpha[0], beta: num(fit.beta[0]) ?? 0, gamma: num(fit.gamma[0]) ?? 0, phi: num(fit.phi[0]) ?? 1 };
  const k = trend === 'N' ? 1 : 2;
  const state: EtsState = { level: fit.initstate[0]!, trend: trend === 'N' ? 0 : fit.initstate[1]!, season: fit.initstate.slice(k) };
  return { spec, params, state };
}

/** (n/2)(log(2π/n) + 1): what R's loglik leaves out. */
const CONSTANT = (68 / 2) * (Math.log((2 * Math.PI) / 68) + 1);

describe('ETS on austourists against R forecast::ets', () => {
  it('reads the 68 quarters and 11 fits', () => {
    expect(y).toHaveLength(68);
    expect(models).toHaveLength(11);
    expect(-CONSTANT).toBeCloseTo(46.9754, 4);
  });

  describe.each(models)('$group $code', ({ group, code, fit }) => {
    const { spec, params, state } = rModel(group, code, fit);

    it("with R's parameters and initial states: R's likelihood and 4-quarter forecast (1e-3 relative)", () => {
      const run = etsFilter(y, spec, params, state);
      // the same likelihood as R's, to 1e-6: so the comparison of fitted values below compares like with like
      expect(Math.abs(-run.lik / 2 - fit.loglik[0])).toBeLessThan(1e-6);
      expect(Math.abs(logLikelihoodFromCriterion(run.lik, 68) - (fit.loglik[0] - CONSTANT))).toBeLessThan(1e-6);
      const f = etsPointForecast(spec, params, run.final, 4);
      const rel = f.map((v, i) => Math.abs(v / fit.forecast[i]! - 1));
      expect(Math.max(...rel)).toBeLessThan(1e-3);
    });

    it("fitted from scratch: log-likelihood at least R's + 46.9754 − 1e-3", () => {
      const ours = fitEts(y, spec);
      expect(ours).toBeDefined();
      expect(ours!.loglik).toBeGreaterThanOrEqual(fit.loglik[0] - CONSTANT - 1e-3);
      // and the fit respects R's bounds, so the comparison is fair
      const { alpha, beta, gamma, phi } = ours!.params;
      expect(alpha).toBeGreaterThanOrEqual(1e-4);
      expect(alpha).toBeLessThanOrEqual(0.9999);
      if (spec.trend !== 'N') expect(beta).toBeLessThanOrEqual(alpha);
      if (spec.season !== 'N') expect(gamma).toBeLessThanOrEqual(1 - alpha);
      if (spec.damped) expect(phi).toBeLessThanOrEqual(0.98);
      if (spec.season !== 'N') {
        const sum = ours!.initial.season.reduce((a, v) => a + v, 0);
        expect(sum).toBeCloseTo(spec.season === 'M' ? 4 : 0, 8);
      }
    });
  });
});
