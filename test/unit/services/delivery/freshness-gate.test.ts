import { describe, expect, it } from 'vitest';
import { isStale } from '../../../../src/services/delivery/freshness-gate.js';

describe('isStale (the freshness gate)', () => {
  const now = new Date('2026-12-07T12:00:00Z');

  it('is stale once the newest order is older than the limit', () => {
    expect(isStale('2026-12-04T11:59:59Z', now, 72)).toBe(true);
    expect(isStale('2026-12-04T12:00:00Z', now, 72)).toBe(false);
    expect(isStale('2026-12-07T11:00:00Z', now, 72)).toBe(false);
  });

  it('treats no data at all as stale, and a limit of 0 as "never stale"', () => {
    expect(isStale(null, now, 72)).toBe(true);
    expect(isStale(null, now, 0)).toBe(false);
    expect(isStale('2020-01-01T00:00:00Z', now, 0)).toBe(false);
  });
});
