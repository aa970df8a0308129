import { describe, expect, it } from 'vitest';
import { PairCounter } from '../../../../src/analytics/pair-counter.js';
import { addBasketLiterals } from '../../../../src/db/rollups/basket-rollup.js';

const cells = (c: PairCounter) => [...c.cells()];

describe('addBasketLiterals', () => {
  it('counts each concatenated array literal as one basket, as addDistinctSorted would', () => {
    const parsed = new PairCounter(300);
    addBasketLiterals(parsed, '{3,17}{5}{2,3,17}{}{237}');
    const direct = new PairCounter(300);
    for (const b of [[3, 17], [5], [2, 3, 17], [], [237]]) direct.addDistinctSorted(b);
    expect(parsed.baskets).toBe(5);
    expect(cells(parsed)).toEqual(cells(direct));
  });

  it('adds nothing for an empty run and rejects anything but digits, commas and braces', () => {
    const c = new PairCounter(10);
    addBasketLiterals(c, '');
    expect(c.baskets).toBe(0);
    expect(() => addBasketLiterals(c, '{1,-2}')).toThrow(/unexpected "-"/);
  });
});
