import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/lib/errors.js';
import { tokenExpiry } from '../../../src/lib/token-expiry.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');

describe('tokenExpiry (sales-bot token create --expires)', () => {
  it.each([
    ['90d', '2027-03-07T12:00:00.000Z'],
    ['12h', '2026-12-08T00:00:00.000Z'],
    ['4w', '2027-01-04T12:00:00.000Z'],
    [' 1D ', '2026-12-08T12:00:00.000Z'],
  ])('%s', (text, expected) => {
    expect(tokenExpiry(text, NOW)?.toISOString()).toBe(expected);
  });

  it('never means no end', () => {
    expect(tokenExpiry('never', NOW)).toBeNull();
  });

  it.each(['0d', '90', '90 days', '-1d', '1.5d', '', '3651d'])('refuses %j with a usage sentence', (text) => {
    let caught: unknown;
    try {
      tokenExpiry(text, NOW);
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught) && caught.code).toBe('USAGE');
    expect((caught as Error).message).toContain('--expires');
  });
});
