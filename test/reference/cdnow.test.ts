import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  bgnbdConditionalExpectedPurchases,
  bgnbdPAlive,
  fitBgNbd,
  type BgNbdParams,
} from '../../src/analytics/bgnbd.js';
import { fitGammaGamma } from '../../src/analytics/gamma-gamma.js';
import { clvAnalysis, customerSummary } from '../../src/analytics/clv.js';

// CDNOW 1/10 sample (Fader, Hardie & Lee 2005), as bundled with `lifetimes`.
const SAMPLE = fileURLToPath(new URL('../../../shared/datasets/cdnow/CDNOW_sample.txt', import.meta.url));

const dayNumber = (yyyymmdd: string): number =>
  Date.UTC(Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)) - 1, Number(yyyymmdd.slice(6, 8))) / 86_400_000;

/** Sample columns: master id, sample id (customer id), yyyymmdd, CDs, dollars; whitespace-separated, CRLF. */
function loadSample(): Map<number, { days: number[]; dollars: number[] }> {
  const byCustomer = new Map<number, { days: number[]; dollars: number[] }>();
  for (const line of readFileSync(SAMPLE, 'utf8').split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    const id = Number(f[1]);
    const c = byCustomer.get(id) ?? { days: [], dollars: [] };
    c.days.push(dayNumber(f[2] as string));
    c.dollars.push(Number(f[4]));
    byCustomer.set(id, c);
  }
  return byCustomer;
}

const AS_OF = dayNumber('19970930'); // calibration period ends 1997-09-30 (T = as-of − first purchase)

function summaries() {
  const data = loadSample();
  const ids = [...data.keys()].sort((p, q) => p - q);
  const x = new Float64Array(ids.length);
  const tx = new Float64Array(ids.length);
  const T = new Float64Array(ids.length);
  const monetary = new Float64Array(ids.length);
  ids.forEach((id, i) => {
    const c = data.get(id)!;
    const s = customerSummary(c.days, c.dollars, AS_OF, 'week')!;
    x[i] = s.x;
    tx[i] = s.tx;
    T[i] = s.T;
    monetary[i] = s.monetary;
  });
  return { ids, x, tx, T, monetary };
}

describe('CDNOW sample reference (FHL 2005; lifetimes)', () => {
  const s = summaries();

  it('has 2,357 customers and customer 1 = (x 2, t_x 30.43, T 38.86) weeks', () => {
    expect(s.ids.length).toBe(2357);
    expect(s.ids[0]).toBe(1);
    expect(s.x[0]).toBe(2);
    expect(s.tx[0]).toBeCloseTo(30.43, 2);
    expect(s.T[0]).toBeCloseTo(38.86, 2);
  });

  const fit = fitBgNbd({ x: s.x, tx: s.tx, T: s.T });

  it('BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4', () => {
    expect(fit.status).toBe('ok');
    if (fit.status !== 'ok') return;
    const p = fit.params;
    expect(Math.abs(p.r - 0.243)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(p.alpha - 4.414)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(p.a - 0.793)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(p.b - 2.426)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThanOrEqual(0.05);
    expect(fit.converged).toBe(true);
  });

  it('customer 1 expects 1.226 purchases in the next 39 weeks', () => {
    expect(fit.status).toBe('ok');
    const p = (fit as { params: BgNbdParams }).params;
    expect(Math.abs(bgnbdConditionalExpectedPurchases(p, 39, 2, 30.43, 38.86) - 1.226)).toBeLessThanOrEqual(0.001);
    expect(Math.abs(bgnbdConditionalExpectedPurchases(p, 39, s.x[0]!, s.tx[0]!, s.T[0]!) - 1.226)).toBeLessThanOrEqual(0.001);
    const pa = bgnbdPAlive(p, 2, 30.43, 38.86);
    expect(pa).toBeGreaterThan(0);
    expect(pa).toBeLessThan(1);
  });

  it('Gamma-Gamma on repeat customers (mean of repeat-day totals): p 6.25, q 3.74, v 15.44', () => {
    const gg = fitGammaGamma({ frequency: s.x, monetary: s.monetary });
    expect(gg.status).toBe('ok');
    if (gg.status !== 'ok') return;
    expect(gg.customers).toBe(946);
    expect(Math.abs(gg.params.p - 6.25)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(gg.params.q - 3.74)).toBeLessThanOrEqual(0.015);
    expect(Math.abs(gg.params.v - 15.44)).toBeLessThanOrEqual(0.015);
  });

  it('clvAnalysis runs end to end with finite, non-negative CLVs', () => {
    const res = clvAnalysis({ customerIds: s.ids, x: s.x, tx: s.tx, T: s.T, monetary: s.monetary }, { unit: 'week' });
    expect(res.status).toBe('ok');
    if (res.status !== 'ok') return;
    expect(res.model.gammaGamma).not.toBeNull();
    expect(res.customers).toHaveLength(2357);
    for (const c of res.customers) {
      expect(c.clv).not.toBeNull();
      expect(c.clv!).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(c.expectedPurchases)).toBe(true);
    }
    const c1 = res.customers[0]!;
    expect(c1.customerId).toBe(1);
    // 12 months = 52.18 weeks: slightly more than the 39-week figure
    expect(c1.expectedPurchases).toBeGreaterThan(1.226);
  });
});
