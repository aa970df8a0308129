import { describe, expect, it } from 'vitest';
import { revenueDrivers, whyDrivers } from '../../../src/analytics/revenue-drivers.js';

describe('revenueDrivers', () => {
  it('attributes the change to members, sorted by |delta|, shares of the total delta', () => {
    const r = revenueDrivers('region', [
      { member: 'C', previous: 0, current: 20 },
      { member: 'A', previous: 100, current: 150 },
      { member: 'B', previous: 100, current: 70 },
    ]);
    expect(r).toMatchObject({ previous: 200, current: 240, delta: 40 });
    expect(r.drivers.map((d) => [d.member, d.delta, d.share])).toEqual([
      ['A', 50, 1.25],
      ['B', -30, -0.75],
      ['C', 20, 0.5],
    ]);
    expect(r.drivers[0]!.dimension).toBe('region');
  });

  it('guards a zero total delta, merges duplicate members, handles empty input', () => {
    const r = revenueDrivers('salesman', [
      { member: 'x', previous: 10, current: 20 },
      { member: 'y', previous: 20, current: 10 },
      { member: 'x', previous: 0, current: 0 },
    ]);
    expect(r.delta).toBe(0);
    expect(r.drivers.map((d) => [d.member, d.delta, d.share])).toEqual([
      ['x', 10, null],
      ['y', -10, null],
    ]);
    expect(revenueDrivers('region', [])).toEqual({ current: 0, previous: 0, delta: 0, drivers: [] });
  });

  it('whyDrivers merges dimensions by |delta| and cuts by limit', () => {
    const w = whyDrivers(
      [
        { dimension: 'region', rows: [{ member: 'N', previous: 100, current: 130 }, { member: 'S', previous: 50, current: 40 }] },
        { dimension: 'category', rows: [{ member: 'Tea', previous: 150, current: 170 }] },
      ],
      2,
    );
    expect(w).toMatchObject({ previous: 150, current: 170, delta: 20 });
    expect(w.drivers.map((d) => `${d.dimension}:${d.member}`)).toEqual(['region:N', 'category:Tea']);
    expect(whyDrivers([])).toEqual({ current: 0, previous: 0, delta: 0, drivers: [] });
  });
});
