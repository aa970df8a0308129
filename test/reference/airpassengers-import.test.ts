import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReport } from '../../src/reports/run-report.js';
import { seasonalityReport } from '../../src/reports/seasonality/seasonality-module.js';
import { loadFixture } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

const FILE = fileURLToPath(new URL('../../../shared/datasets/seasonality/AirPassengers.csv', import.meta.url));
const R_INDEX = [0.9102, 0.8836, 1.0074, 0.9759, 0.9814, 1.1128, 1.2266, 1.2199, 1.0605, 0.9218, 0.8012, 0.8988];

/** AirPassengers as monthly sales: one sale on the 15th of each month, amount = passengers. */
function toImportCsv(): { customers: string; products: string; sales: string } {
  const rows = readFileSync(FILE, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map((v) => v.replace(/"/g, '')) as [string, string]);
  return {
    customers: 'customer_id,name,region\nPAN,Pan Am,North\n',
    products: 'product_id,name\nSEAT,Seat\n',
    sales:
      ['order_id,ordered_at,customer_id,product_id,quantity,unit_price', ...rows.map(([m, v]) => `${m},${m}-15T12:00:00Z,PAN,SEAT,${v},1`)].join('\n') +
      '\n',
  };
}

describe('AirPassengers through import → seasonality report (R decompose, multiplicative)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadFixture(t.database, toImportCsv());
  });
  afterAll(() => t.drop());

  it('reproduces R’s twelve seasonal indices within 0.001 from the daily rollup', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: {}, asOf: '1960-12-31' });
    expect(r.status).toBe('ok');
    expect(r.dataSource).toBe('daily_sales');
    expect(r.monthCount).toBe(144);
    expect([r.firstMonth, r.lastMonth]).toEqual(['1949-01', '1960-12']);
    r.seasonalIndex!.forEach((v, i) => expect(Math.abs(v - R_INDEX[i]!)).toBeLessThanOrEqual(0.001));
    expect(r.peakMonths).toEqual([7, 8, 6, 9]);
    expect(r.strength).toBeGreaterThan(0.9);
  });

  it('gives the same indices from order lines (customer-side filter)', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: { customer: ['PAN'] }, asOf: '1960-12-31' });
    expect(r.dataSource).toBe('order_lines');
    r.seasonalIndex!.forEach((v, i) => expect(Math.abs(v - R_INDEX[i]!)).toBeLessThanOrEqual(0.001));
  });

  it('drops the incomplete as-of month', async () => {
    const r = await runReport(t.database, seasonalityReport, { filters: {}, asOf: '1960-12-30' });
    expect(r.lastMonth).toBe('1960-11');
    expect(r.monthCount).toBe(143);
  });
});
