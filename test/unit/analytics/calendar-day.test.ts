import { describe, expect, it } from 'vitest';
import { dayNumber, dayOfMonth, daysBetween, daysInMonth, isoDay, weekday, workingDays } from '../../../src/analytics/calendar-day.js';

describe('calendar-day', () => {
  it('converts ISO dates to day numbers and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(isoDay(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(dayNumber('2024-03-31T23:59:00+02:00')).toBe(dayNumber('2024-03-31'));
    expect(daysBetween('2006-06-09', '2006-12-31')).toBe(205);
    expect(() => dayNumber('31/12/2006')).toThrow(RangeError);
  });

  it('weekday (Mon = 0), month lengths, working days', () => {
    expect(weekday(dayNumber('2024-01-01'))).toBe(0);
    expect(weekday(dayNumber('1969-12-28'))).toBe(6);
    expect([daysInMonth('2024-02-10'), daysInMonth('2023-02-10'), daysInMonth('2024-12-31')]).toEqual([29, 28, 31]);
    expect(dayOfMonth('2024-12-31')).toBe(31);
    expect(workingDays('2024-01-05', '2024-01-08')).toEqual(['2024-01-05', '2024-01-08']);
    expect(workingDays('2024-01-05', '2024-01-08', [5, 6])).toEqual(['2024-01-06', '2024-01-07']);
    expect(workingDays('2024-01-08', '2024-01-05')).toEqual([]);
  });
});
