import { describe, expect, it } from 'vitest';
import { geoCoverage } from '../../../src/analytics/geo-coverage.js';

describe('geoCoverage', () => {
  it('computes shares and flags regions whose revenue share is below half their customer share', () => {
    const r = geoCoverage(
      [
        { region: 'South', revenue: 20, orders: 4, customers: 30 },
        { region: 'North', revenue: 80, orders: 9, customers: 10 },
        { region: 'East', revenue: 0, orders: 0, customers: 0 },
      ],
      [
        { city: 'B', region: 'North', latitude: 1, longitude: 2, revenue: 30 },
        { city: 'A', region: 'North', latitude: null, longitude: null, revenue: 50 },
      ],
    );
    expect(r.regions.map((x) => [x.region, x.revenueShare, x.customerShare, x.underServed])).toEqual([
      ['North', 0.8, 0.25, false],
      ['South', 0.2, 0.75, true], // 0.2 < 0.375
      ['East', 0, 0, false],
    ]);
    expect(r.cities.map((c) => c.city)).toEqual(['A', 'B']);
  });

  it('boundary is strict; no revenue → every region with customers under-served; empty input', () => {
    const b = geoCoverage([
      { region: 'X', revenue: 25, orders: 1, customers: 1 },
      { region: 'Y', revenue: 75, orders: 1, customers: 1 },
    ]);
    expect(b.regions.find((x) => x.region === 'X')!.underServed).toBe(false); // 0.25 = 0.5/2
    const z = geoCoverage([{ region: 'X', revenue: 0, orders: 0, customers: 3 }]);
    expect(z.regions[0]).toMatchObject({ revenueShare: 0, customerShare: 1, underServed: true });
    expect(geoCoverage([])).toEqual({ regions: [], cities: [] });
  });
});
