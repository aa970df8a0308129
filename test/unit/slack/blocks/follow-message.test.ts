import { describe, expect, it } from 'vitest';
import type { FollowDigestLine } from '../../../../src/services/follow-digest.js';
import { followLineText } from '../../../../src/slack/blocks/follow-message.js';

const line = (over: Partial<FollowDigestLine> = {}): FollowDigestLine => ({
  followId: 1,
  metric: 'revenue',
  filters: { region: 'Iberia' },
  expected: undefined,
  value: 88_000,
  previous: 100_000,
  change: -12_000,
  changeRatio: -0.12,
  trend: [90_000, 95_000, 100_000, 88_000],
  drivers: [],
  detractors: [{ dimension: 'customer', member: 'C1', name: 'Acme', previous: 20_000, current: 8_000, contribution: -12_000 }],
  ...over,
});

describe('a followed metric line', () => {
  it('shows the expected range when the forecast gives one', () => {
    expect(followLineText(line({ expected: { lower: 92_000, upper: 118_000, lower80: 96_000, upper80: 112_000, point: 104_000, model: 'ETS(A,N,N)' } }), 'week')).toContain(
      '*Revenue* (region Iberia): 88,000 (-12.0% vs 100,000 the week before, expected 92,000–118,000)',
    );
  });

  it('says nothing of an expectation without one, and names detractors in sentences', () => {
    const text = followLineText(line(), 'week');
    expect(text).not.toContain('expected');
    expect(text).toContain('↓ Customer *Acme* took away 12,000 (20,000 → 8,000).');
    expect(text).toContain('Trend, last 4 weeks: `▂▅█▁` (low 88,000, high 100,000)');
  });
});
