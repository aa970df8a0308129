import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affinityReport } from '../../src/reports/affinity/affinity-module.js';
import { runReport } from '../../src/reports/run-report.js';
import { loadFixture } from '../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

// Groceries (arules) through the real import path, then the real affinity report (analytics.md reference).
const GROCERIES = new URL('../../../shared/datasets/groceries/groceries.csv', import.meta.url);
const DAY = '2024-01-15';

/** CSV field: quoted only when needed. */
function field(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One order per basket line (order id = line number), one line per item, item names trimmed and used
 * as product names with ids G001… in order of first appearance; one customer, one fixed date.
 */
function toImportCsv(): { customers: string; products: string; sales: string; names: Map<string, string> } {
  const ids = new Map<string, string>();
  const sales = ['order_id,ordered_at,customer_id,product_id,quantity,unit_price'];
  readFileSync(GROCERIES, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .forEach((line, i) => {
      for (const item of line.split(',').map((s) => s.trim()).filter(Boolean)) {
        let id = ids.get(item);
        if (id === undefined) ids.set(item, (id = `G${String(ids.size + 1).padStart(3, '0')}`));
        sales.push(`${i + 1},${DAY},C1,${id},1,1`);
      }
    });
  const products = ['product_id,name', ...[...ids].map(([name, id]) => `${id},${field(name)}`)];
  return {
    customers: 'customer_id,name\nC1,Groceries shopper\n',
    products: products.join('\n') + '\n',
    sales: sales.join('\n') + '\n',
    names: new Map([...ids].map(([name, id]) => [id, name])),
  };
}

describe('affinity on Groceries through the import path (arules reference)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    const { customers, products, sales } = toImportCsv();
    await loadFixture(t.database, { customers, products, sales });
  });
  afterAll(() => t.drop());

  it('0.006 / 0.25 / max-len 4 → 463 rules, top {herbs} ⇒ {root vegetables}', async () => {
    const r = await runReport(t.database, affinityReport, {
      filters: {},
      asOf: DAY,
      limit: 5,
      options: { minSupport: 0.006, minConfidence: 0.25, maxLen: 4 },
    });
    expect(r.transactions).toBe(9835);
    expect(r.ruleCount).toBe(463);
    expect(r.rules).toHaveLength(5);
    const top = r.rules[0]!;
    expect(top.antecedentNames).toEqual(['herbs']);
    expect(top.consequentNames).toEqual(['root vegetables']);
    expect(top.support).toBeCloseTo(0.0070158, 7);
    expect(top.confidence).toBeCloseTo(0.43125, 10);
    expect(top.lift).toBeCloseTo(3.956477, 6);
  });

  it('0.001 / 0.5 / max-len 10 → 5,668 rules, top {Instant food products, soda} ⇒ {hamburger meat}', async () => {
    const r = await runReport(t.database, affinityReport, {
      filters: {},
      asOf: DAY,
      limit: 0,
      options: { minSupport: 0.001, minConfidence: 0.5, maxLen: 10 },
    });
    expect(r.ruleCount).toBe(5668);
    expect(r.rules).toHaveLength(5668);
    const top = r.rules[0]!;
    expect([...top.antecedentNames].sort()).toEqual(['Instant food products', 'soda']);
    expect(top.consequentNames).toEqual(['hamburger meat']);
    expect(top.lift).toBeCloseTo(18.99565, 5);
  });
});
