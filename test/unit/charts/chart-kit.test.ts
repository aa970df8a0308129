import { describe, expect, it } from 'vitest';
import { compact, signedCompact } from '../../../src/charts/chart-kit.js';

describe('chart labels', () => {
  it('write negative numbers with the hyphen-minus every other view uses', () => {
    expect(compact(-1234)).toBe('-1.23K');
    expect(signedCompact(-1_500_000)).toBe('-1.5M');
    expect(signedCompact(1234)).toBe('+1.23K');
    expect(compact(0)).toBe('0');
  });
});
