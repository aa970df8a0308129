import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../src/db/import/import-csv.js';
import { rows } from '../../src/db/sql/run.js';
import { AppError } from '../../src/lib/errors.js';
import { seed } from '../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

const importTargets = (t: TestDatabase, csv: string) =>
  importCsv(t.database, { kind: 'targets', source: Readable.from([Buffer.from(csv)]), timeZone: 'UTC' });

const stored = (t: TestDatabase) =>
  rows<{ period: string; metric: string; scope_kind: string; scope_value: string; salesman: string | null; amount: string }>(
    t.database,
    sql`select t.period, t.metric, t.scope_kind, t.scope_value, sm.external_id as salesman, t.amount::text as amount
          from targets t left join salesmen sm on sm.id = t.salesman_id order by 1, 2, 3, 4`,
  );

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the import did not fail');
}

describe('targets import', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { region: 'North' })
      .customer('C1', { region: 'North', salesman: 'S1' })
      .product('P1', { category: 'Paper' })
      .sale({ order: 'O1', on: '2026-01-05', customer: 'C1', product: 'P1', price: 100, salesman: 'S1' })
      .load(t.database);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('imports every scope, normalises case to the data, and a re-import changes nothing', async () => {
    const csv = [
      'period,metric,amount,region,category,salesman_id',
      '2026-03,revenue,120000,,,',
      '2026-q1,orders,300,north,,',
      '2026-Q1,revenue,50000,,PAPER,',
      '2026-03,new_customers,4,,,S1',
    ].join('\n');
    const first = await importTargets(t, csv);
    expect([first.rows, first.inserted, first.updated]).toEqual([4, 4, 0]);
    expect(await stored(t)).toEqual([
      { period: '2026-03', metric: 'new_customers', scope_kind: 'salesman', scope_value: 'S1', salesman: 'S1', amount: '4.0000' },
      { period: '2026-03', metric: 'revenue', scope_kind: 'company', scope_value: '', salesman: null, amount: '120000.0000' },
      { period: '2026-Q1', metric: 'orders', scope_kind: 'region', scope_value: 'North', salesman: null, amount: '300.0000' },
      { period: '2026-Q1', metric: 'revenue', scope_kind: 'category', scope_value: 'Paper', salesman: null, amount: '50000.0000' },
    ]);
    const again = await importTargets(t, csv);
    expect([again.inserted, again.updated]).toEqual([0, 0]);
  });

  it('updates the amount of a target imported again with another amount (last row of a key wins)', async () => {
    const r = await importTargets(t, 'period,metric,amount\n2026-03,revenue,1\n2026-03,revenue,130000\n');
    expect([r.inserted, r.updated]).toEqual([0, 1]);
    expect((await stored(t)).find((x) => x.scope_kind === 'company')?.amount).toBe('130000.0000');
  });

  it('lists every bad row by line and column and imports nothing', async () => {
    const before = await stored(t);
    const e = await failure(
      importTargets(
        t,
        [
          'period,metric,amount,region,category,salesman_id',
          '2026-13,revenue,1,,,', // line 2
          'March,revenue,1,,,', // line 3
          '2026-04,profit,1,,,', // line 4
          '2026-04,revenue,-5,,,', // line 5
          '2026-04,revenue,lots,,,', // line 6
          '2026-04,revenue,1,North,Paper,', // line 7
          '2026-04,revenue,1,Atlantis,,', // line 8
          '2026-04,revenue,1,,Gadgets,', // line 9
          '2026-04,revenue,1,,,S9', // line 10
          '2026-04,orders,2,,,', // fine
        ].join('\n'),
      ),
    );
    expect(e.code).toBe('IMPORT_INVALID');
    expect(e.details).toEqual([
      'line 2: period: "2026-13" is not a month or quarter (write 2026-03 or 2026-Q1)',
      'line 3: period: "March" is not a month or quarter (write 2026-03 or 2026-Q1)',
      'line 4: metric: "profit" is not one of revenue, orders, new_customers',
      'line 5: amount: "-5" is outside 0..∞',
      'line 6: amount: "lots" is not a number (use a plain decimal like 1234.56)',
      'line 7: scope: only one of region, category, salesman_id may be filled in, not region and category (leave all empty for the whole company)',
      'line 8: region: unknown region "Atlantis" (no customer or salesman has it)',
      'line 9: category: unknown category "Gadgets" (no product has it)',
      'line 10: salesman_id: unknown salesman "S9"',
    ]);
    expect(await stored(t)).toEqual(before);
  });

  it('refuses a file without the required columns', async () => {
    const e = await failure(importTargets(t, 'period,amount\n2026-03,5\n'));
    expect(e.code).toBe('IMPORT_INVALID');
    expect(`${e.message} ${(e.details ?? []).join(' ')}`).toMatch(/metric/);
  });
});
