import { describe, expect, it } from 'vitest';
import { dispersion } from '../../../src/analytics/dispersion.js';

describe('dispersion', () => {
  it('population std and cv, with implicit zero observations', () => {
    expect(dispersion([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, std: 2, cv: 0.4 });
    expect(dispersion([20, 20], 2)).toEqual({ n: 4, mean: 10, std: 10, cv: 1 });
    expect(dispersion(Float64Array.of(3))).toEqual({ n: 1, mean: 3, std: 0, cv: 0 });
  });
  it('no observations, zero or negative mean → cv null', () => {
    expect(dispersion([])).toEqual({ n: 0, mean: 0, std: 0, cv: null });
    expect(dispersion([], 3)).toEqual({ n: 3, mean: 0, std: 0, cv: null });
    expect(dispersion([-4, 2]).cv).toBeNull();
  });
});
