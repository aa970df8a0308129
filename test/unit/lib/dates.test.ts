import { describe, expect, it } from 'vitest';
import { dayIn, todayIn, yesterdayIn } from '../../../src/lib/dates.js';

describe('business-day helpers', () => {
  const lateUtc = new Date('2024-03-31T23:30:00Z');
  it('read the calendar day in the business time zone, not UTC', () => {
    expect(dayIn(lateUtc, 'UTC')).toBe('2024-03-31');
    expect(dayIn(lateUtc, 'Europe/Berlin')).toBe('2024-04-01');
    expect(dayIn(lateUtc, 'America/Los_Angeles')).toBe('2024-03-31');
  });
  it('step back over month ends and DST changes', () => {
    expect(todayIn('Europe/Berlin', lateUtc)).toBe('2024-04-01');
    expect(yesterdayIn('Europe/Berlin', lateUtc)).toBe('2024-03-31');
    expect(yesterdayIn('UTC', new Date('2024-03-01T00:00:00Z'))).toBe('2024-02-29');
  });
});
