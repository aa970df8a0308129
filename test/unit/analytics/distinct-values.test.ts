import { describe, expect, it } from 'vitest';
import { DistinctValues, hashNumber, radixSortUint32 } from '../../../src/analytics/distinct-values.js';

describe('DistinctValues', () => {
  it('gives dense slots in first-seen order by exact value, 0 and −0 alike', () => {
    const d = new DistinctValues();
    expect([3.5, 1, 3.5, -0, 0, 1 / 7, 2 / 14].map((v) => d.slot(v))).toEqual([0, 1, 0, 2, 2, 3, 3]);
    expect(d.size).toBe(4);
    expect(Array.from(d.values())).toEqual([3.5, 1, 0, 1 / 7]);
    expect(() => d.slot(Number.NaN)).toThrow(RangeError);
  });

  it('grows past its first capacity and ranks the values ascending', () => {
    const d = new DistinctValues(4);
    const values = Array.from({ length: 5000 }, (_, i) => ((i * 7919) % 5000) / 7 - 300);
    const slots = values.map((v) => d.slot(v));
    expect(slots).toEqual(values.map((_, i) => i));
    values.forEach((v, i) => expect(d.slot(v)).toBe(i));
    const { values: sorted, rank } = d.ascending();
    expect(Array.from(sorted)).toEqual([...values].sort((p, q) => p - q));
    values.forEach((v, i) => expect(sorted[rank[i]!]).toBe(v));
  });
});

describe('hashNumber', () => {
  it('depends on the value only', () => {
    expect(hashNumber(12.25)).toBe(hashNumber(49 / 4));
    expect(hashNumber(0)).toBe(hashNumber(-0));
    expect(hashNumber(1)).not.toBe(hashNumber(2));
    expect(hashNumber(1e300)).toBeGreaterThanOrEqual(0);
  });
});

describe('radixSortUint32', () => {
  it('sorts like a numeric sort, full 32-bit range included', () => {
    const keys = Uint32Array.from({ length: 20000 }, (_, i) => (Math.imul(i, 2654435761) >>> 0) % (i % 2 ? 4_000_000_000 : 1000));
    const expected = Array.from(keys).sort((p, q) => p - q);
    expect(Array.from(radixSortUint32(keys))).toEqual(expected);
    expect(Array.from(radixSortUint32(new Uint32Array(0)))).toEqual([]);
  });
});
