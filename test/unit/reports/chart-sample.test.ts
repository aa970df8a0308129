import { describe, expect, it } from 'vitest';
import { evenSample, evenSamplePositions, MAX_CHART_POINTS } from '../../../src/reports/chart-sample.js';

describe('evenSample', () => {
  it('keeps a short list whole (as a copy)', () => {
    const list = [3, 1, 2];
    const s = evenSample(list);
    expect(s).toEqual([3, 1, 2]);
    expect(s).not.toBe(list);
  });

  it('spreads the sample over the list, first and last included', () => {
    const list = Array.from({ length: 101 }, (_, i) => i);
    expect(evenSample(list, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(evenSample(list, 2)).toEqual([0, 100]);
    expect(evenSample(list, 1)).toEqual([0]);
    expect(evenSample(list, 0)).toEqual([]);
  });

  it('caps at MAX_CHART_POINTS by default, the same way every time', () => {
    const list = Array.from({ length: 5 * MAX_CHART_POINTS + 3 }, (_, i) => i);
    const s = evenSample(list);
    expect(s).toHaveLength(MAX_CHART_POINTS);
    expect(new Set(s).size).toBe(MAX_CHART_POINTS);
    expect(evenSample(list)).toEqual(s);
  });

  it('takes the positions evenSamplePositions names (for lists held as arrays)', () => {
    for (const [n, max] of [[0, 5], [3, 5], [101, 5], [7, 1], [7, 0], [5 * MAX_CHART_POINTS + 3, MAX_CHART_POINTS]] as const) {
      const list = Array.from({ length: n }, (_, i) => i);
      expect(evenSamplePositions(n, max)).toEqual(evenSample(list, max));
    }
  });
});
