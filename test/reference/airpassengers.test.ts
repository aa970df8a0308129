import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { seasonalDecomposition } from '../../src/analytics/seasonality.js';

const FILE = fileURLToPath(new URL('../../../shared/datasets/seasonality/AirPassengers.csv', import.meta.url));

function load(): { start: string; values: number[] } {
  const rows = readFileSync(FILE, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [month, value] = l.split(',');
      return { month: (month as string).replace(/"/g, ''), value: Number(value) };
    });
  return { start: rows[0]!.month, values: rows.map((r) => r.value) };
}

describe('AirPassengers reference (R decompose, multiplicative)', () => {
  const { start, values } = load();

  it('reproduces R seasonal indices Jan..Dec within 0.001', () => {
    expect(start).toBe('1949-01');
    expect(values).toHaveLength(144);
    const res = seasonalDecomposition(values, start);
    expect(res.status).toBe('ok');
    if (res.status !== 'ok') return;
    const expected = [0.9102, 0.8836, 1.0074, 0.9759, 0.9814, 1.1128, 1.2266, 1.2199, 1.0605, 0.9218, 0.8012, 0.8988];
    res.seasonalIndex.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(0.001));
    expect(res.peakMonths).toEqual([7, 8, 6, 9]);
    expect(res.strongestMonth).toBe(7);
    expect(res.strength).toBeGreaterThan(0.9);
    expect(res.months[0]!.trend).toBeNull();
    expect(res.months[6]!.trend).toBeCloseTo(126.7917, 3); // R: decompose(AirPassengers)$trend[7]
  });

  it('gives the same indices Jan..Dec when the series starts mid-year', () => {
    const full = seasonalDecomposition(values, start);
    // drop the first 5 months and the last 7: 132 months from 1949-06
    const shifted = seasonalDecomposition(values.slice(5, 137), '1949-06');
    expect(full.status).toBe('ok');
    expect(shifted.status).toBe('ok');
    if (shifted.status !== 'ok' || full.status !== 'ok') return;
    shifted.seasonalIndex.forEach((v, i) => expect(Math.abs(v - full.seasonalIndex[i]!)).toBeLessThan(0.03));
    expect(shifted.strongestMonth).toBe(7);
  });
});
