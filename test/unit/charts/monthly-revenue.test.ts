import { describe, expect, it } from 'vitest';
import { monthlyRevenueChart } from '../../../src/charts/monthly-revenue.js';
import { renderPng } from '../../../src/charts/render.js';

describe('monthly revenue chart', () => {
  const points = [
    { month: '2024-11', revenue: 120_000.4 },
    { month: '2024-12', revenue: 80_000 },
    { month: '2025-01', revenue: -500 },
  ];

  it('labels months readably, rounds money only for display, and titles the chart', () => {
    const config = monthlyRevenueChart(points, 'Revenue by month');
    expect(config.data.labels).toEqual(['Nov 24', 'Dec 24', 'Jan 25']);
    expect(config.data.datasets[0]!.data).toEqual([120000, 80000, -500]);
    expect(config.options?.plugins?.title?.text).toBe('Revenue by month');
  });

  it('renders a real PNG of the configured size', async () => {
    const png = await renderPng(monthlyRevenueChart(points, 'Revenue by month'), { width: 400, height: 300 });
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(400);
    expect(png.readUInt32BE(20)).toBe(300);
  });
});
