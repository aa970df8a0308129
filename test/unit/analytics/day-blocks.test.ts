import { describe, expect, it } from 'vitest';
import { blockStartOf, coverWindow, dayNumberOf, isoDayOf, nextBlockStartOf } from '../../../src/analytics/day-blocks.js';

const block = (day: string) => isoDayOf(blockStartOf(dayNumberOf(day)));

describe('day blocks', () => {
  it('split months into days 1–7, 8–14, 15–21 and 22–end', () => {
    expect(['2024-02-01', '2024-02-07', '2024-02-08', '2024-02-21', '2024-02-22', '2024-02-29'].map(block)).toEqual([
      '2024-02-01', '2024-02-01', '2024-02-08', '2024-02-15', '2024-02-22', '2024-02-22',
    ]);
    expect(isoDayOf(nextBlockStartOf(dayNumberOf('2024-12-30')))).toBe('2025-01-01');
  });

  it('cover a window with whole months, whole blocks and at most one loose run at each end', () => {
    const data = { from: '2023-04-03', to: '2025-06-30' };
    expect(coverWindow({ from: '2025-01-12', to: '2025-03-20' }, data)).toEqual({
      months: ['2025-02-01'],
      blocks: ['2025-01-15', '2025-01-22', '2025-03-01', '2025-03-08'],
      loose: [
        { from: '2025-01-12', to: '2025-01-14' },
        { from: '2025-03-15', to: '2025-03-20' },
      ],
    });
    // Reaching past the data on either side widens to whole months (nothing lies beyond).
    const all = coverWindow({}, data);
    expect(all.months).toHaveLength(27);
    expect(all.blocks).toEqual([]);
    expect(all.loose).toEqual([]);
    expect(coverWindow({ from: '2025-06-10', to: '2026-01-01' }, data)).toEqual({
      months: [],
      blocks: ['2025-06-15', '2025-06-22'],
      loose: [{ from: '2025-06-10', to: '2025-06-14' }],
    });
    expect(coverWindow({ from: '2025-03-03', to: '2025-03-05' }, data)).toEqual({ months: [], blocks: [], loose: [{ from: '2025-03-03', to: '2025-03-05' }] });
    expect(coverWindow({ from: '2026-01-01' }, data)).toEqual({ months: [], blocks: [], loose: [] });
  });

  it('cover every day of any window exactly once', () => {
    const data = { from: '2024-01-05', to: '2024-12-20' };
    const first = dayNumberOf(data.from) - 3;
    for (let from = first; from < first + 400; from += 13) {
      for (let len = 0; len < 120; len += 7) {
        const c = coverWindow({ from: isoDayOf(from), to: isoDayOf(from + len) }, data);
        const days: number[] = [];
        const span = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);
        for (const m of c.months) {
          const start = dayNumberOf(m);
          const next = new Date(Date.UTC(new Date(start * 86_400_000).getUTCFullYear(), new Date(start * 86_400_000).getUTCMonth() + 1, 1)).getTime() / 86_400_000;
          days.push(...span(start, next - 1));
        }
        for (const b of c.blocks) days.push(...span(dayNumberOf(b), nextBlockStartOf(dayNumberOf(b)) - 1));
        for (const l of c.loose) days.push(...span(dayNumberOf(l.from), dayNumberOf(l.to)));
        const inData = (d: number) => d >= dayNumberOf(data.from) && d <= dayNumberOf(data.to);
        const want = span(from, from + len).filter(inData);
        expect(days.filter(inData).sort((x, y) => x - y)).toEqual(want);
        expect(new Set(days).size).toBe(days.length);
      }
    }
  });
});
