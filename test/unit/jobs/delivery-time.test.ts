import { describe, expect, it } from 'vitest';
import { deliveryTime } from '../../../src/jobs/processors/per-salesman.js';
import { sameWallClockIn } from '../../../src/lib/local-time.js';

const SCHEDULED = new Date('2026-12-13T18:00:00Z'); // Monday 08:00 at UTC+14
const at = (runKey: string, recipientZone: string | undefined, now = SCHEDULED, trigger?: 'manual' | 'refresh' | 'schedule') =>
  deliveryTime({ runKey, trigger, now, recipientZone, fallbackZone: 'Europe/Berlin' }).toISOString();

describe('per-recipient delivery time of a scheduled fan-out', () => {
  it('is the same wall-clock time on each recipient’s own clock', () => {
    const key = `s${SCHEDULED.getTime()}`;
    expect(at(key, 'Asia/Tokyo')).toBe('2026-12-13T23:00:00.000Z');
    expect(at(key, 'America/New_York')).toBe('2026-12-14T13:00:00.000Z');
    expect(at(key, 'Pacific/Honolulu')).toBe('2026-12-14T18:00:00.000Z');
    expect(at(key, 'Asia/Kolkata')).toBe('2026-12-14T02:30:00.000Z');
    expect(at(key, 'Pacific/Kiritimati')).toBe('2026-12-13T18:00:00.000Z');
  });
  it('falls back to the subscriber’s zone when Slack gives none or an unknown one', () => {
    const key = `s${SCHEDULED.getTime()}`;
    expect(at(key, undefined)).toBe('2026-12-14T07:00:00.000Z');
    expect(at(key, 'Mars/Olympus')).toBe('2026-12-14T07:00:00.000Z');
  });
  it('a run that starts late keeps the scheduled day; a time already past goes now', () => {
    const key = `s${SCHEDULED.getTime()}`;
    const late = new Date('2026-12-14T00:30:00Z');
    expect(at(key, 'America/New_York', late)).toBe('2026-12-14T13:00:00.000Z');
    expect(at(key, 'Asia/Tokyo', late)).toBe(late.toISOString());
  });
  it('manual and refresh runs deliver now', () => {
    expect(at('m1', 'America/New_York', SCHEDULED, 'manual')).toBe(SCHEDULED.toISOString());
    expect(at('r1', 'America/New_York', SCHEDULED, 'refresh')).toBe(SCHEDULED.toISOString());
  });
  it('daylight saving: 08:00 in New York in July is 12:00 UTC', () => {
    expect(sameWallClockIn(new Date('2026-07-12T18:00:00Z'), 'Pacific/Kiritimati', 'America/New_York').toISOString()).toBe('2026-07-13T12:00:00.000Z');
  });
});
