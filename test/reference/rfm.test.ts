import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rfm, type RfmCustomerRow } from '../../src/analytics/rfm.js';

/** rfm_data_orders of the R package `rfm`, aggregated per customer the way the SQL layer does. */
function loadRows(): RfmCustomerRow[] {
  const text = readFileSync(new URL('../../../shared/datasets/rfm/rfm_data_orders.csv', import.meta.url), 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const byCustomer = new Map<string, RfmCustomerRow>();
  for (const rec of records) {
    const id = rec['customer_id']!;
    const day = rec['order_date']!;
    const revenue = Number(rec['revenue']);
    const row = byCustomer.get(id);
    if (row === undefined) byCustomer.set(id, { customerId: id, lastOrderDay: day, orders: 1, revenue });
    else {
      row.orders++; // each row is one order (the data set has no order id)
      row.revenue += revenue;
      if (day > row.lastOrderDay) row.lastOrderDay = day;
    }
  }
  return [...byCustomer.values()];
}

describe('RFM on rfm_data_orders (R package rfm reference)', () => {
  const rows = loadRows();
  const result = rfm(rows, '2006-12-31');
  const byId = new Map(result.customers.map((c) => [c.customerId, c]));

  it('has 995 customers and 4,906 orders', () => {
    expect(rows.length).toBe(995);
    expect(rows.reduce((s, r) => s + r.orders, 0)).toBe(4906);
  });

  it('Abbey O\'Reilly: 205 days, 6 orders, 472 → "343"', () => {
    const c = byId.get("Abbey O'Reilly")!;
    expect(c).toMatchObject({ recencyDays: 205, frequency: 6, monetary: 472, score: '343' });
  });

  it.each([
    ['Add Senger', '412'],
    ['Aden Lesch', '323'],
    ['Aden Murphy', '544'],
    ['Admiral Senger', '433'],
  ])('%s → %s', (name, score) => {
    expect(byId.get(name)?.score).toBe(score);
  });

  it('segments partition the customers and the revenue', () => {
    expect(result.segments.reduce((s, x) => s + x.customers, 0)).toBe(995);
    const revenue = rows.reduce((s, r) => s + r.revenue, 0);
    expect(result.segments.reduce((s, x) => s + x.revenue, 0)).toBeCloseTo(revenue, 6);
  });
});
