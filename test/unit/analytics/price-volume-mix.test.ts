import { describe, expect, it } from 'vitest';
import { priceVolumeMix } from '../../../src/analytics/price-volume-mix.js';

describe('priceVolumeMix', () => {
  // Q0 = 25, Q1 = 20, R0 = 200, R1 = 187, P̄0 = 8
  const rows = [
    { productId: 1, previousRevenue: 100, previousQuantity: 10, currentRevenue: 132, currentQuantity: 12 }, // p 10 → 11
    { productId: 2, previousRevenue: 50, previousQuantity: 10, currentRevenue: 25, currentQuantity: 5 }, // p 5 → 5
    { productId: 3, previousRevenue: 50, previousQuantity: 5, currentRevenue: 0, currentQuantity: 0 }, // lost
    { productId: 4, previousRevenue: 0, previousQuantity: 0, currentRevenue: 30, currentQuantity: 3 }, // new
  ];

  it('decomposes the change into price, volume and mix (hand-computed)', () => {
    const r = priceVolumeMix(rows);
    expect(r).toMatchObject({ previous: 200, current: 187, delta: -13, other: 0, newProductsRevenue: 30, lostProductsRevenue: 50 });
    expect(r.price).toBeCloseTo(12, 12); // (11 − 10)·12
    expect(r.volume).toBeCloseTo(-40, 12); // (20 − 25)·8
    expect(r.mix).toBeCloseTo(15, 12); // 40 − 15 − 40 + 30
    expect(r.price + r.volume + r.mix + r.other).toBeCloseTo(r.delta, 12);
    const by = Object.fromEntries(r.products.map((p) => [p.productId, p]));
    // per product: volume (Q1−Q0)·s0·p0, mix (s1−s0)·Q1·p0
    expect(by[1]!.volume).toBeCloseTo(-20, 12);
    expect(by[1]!.mix).toBeCloseTo(40, 12);
    expect(by[2]!.mix).toBeCloseTo(-15, 12);
    expect(by[3]).toMatchObject({ status: 'lost', price: 0 });
    expect(by[3]!.volume + by[3]!.mix).toBeCloseTo(-50, 12);
    expect(by[4]).toMatchObject({ status: 'new', price: 0, volume: 0, mix: 30 });
    for (const p of r.products) expect(p.price + p.volume + p.mix + p.other).toBeCloseTo(p.delta, 12);
    expect(r.products.map((p) => p.productId)).toEqual([3, 1, 4, 2]);
  });

  it('puts revenue without quantity (refunds, adjustments) in other, and handles empty input', () => {
    const r = priceVolumeMix([...rows, { productId: 5, previousRevenue: 0, previousQuantity: 0, currentRevenue: -20, currentQuantity: 0 }]);
    expect(r.other).toBe(-20);
    expect(r.delta).toBe(-33);
    expect(r.price + r.volume + r.mix + r.other).toBeCloseTo(-33, 12);
    expect(priceVolumeMix([])).toMatchObject({ previous: 0, current: 0, delta: 0, price: 0, volume: 0, mix: 0, other: 0, products: [] });
  });

  it('only new products → all mix; only lost products → all volume', () => {
    const onlyNew = priceVolumeMix([{ productId: 1, previousRevenue: 0, previousQuantity: 0, currentRevenue: 10, currentQuantity: 1 }]);
    expect(onlyNew).toMatchObject({ price: 0, volume: 0, mix: 10 });
    const onlyLost = priceVolumeMix([{ productId: 1, previousRevenue: 10, previousQuantity: 2, currentRevenue: 0, currentQuantity: 0 }]);
    expect(onlyLost).toMatchObject({ price: 0, volume: -10, mix: 0 });
  });
});
