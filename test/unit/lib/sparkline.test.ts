import { describe, expect, it } from 'vitest';
import { sparkline } from '../../../src/lib/sparkline.js';

describe('sparkline', () => {
  it('scales from the lowest to the highest value, with gaps for missing ones', () => {
    expect(sparkline([0, 7, 14, null, 28])).toBe('▁▃▅ █');
    expect(sparkline([5, 5])).toBe('▄▄');
    expect(sparkline([])).toBe('');
  });
});
