import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.js';
import { customerLabels } from '../../src/db/queries/customer-labels.js';
import { numberColumns } from '../../src/db/sql/number-columns.js';
import { rows } from '../../src/db/sql/run.js';
import { inTransaction } from '../../src/db/transaction.js';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../helpers/services.js';

const QUERY = (label: string) => sql`select g as id, g * 0.5 as half, case when g % 3 = 0 then null else -g end as neg,
  (date '2024-03-01' - date '2024-01-01') + g as days
  from generate_series(1, 70000) g where ${label} <> 'it''s'`;

async function checkColumns(database: Database): Promise<void> {
  // A quote in a string parameter stays a value.
  const c = await numberColumns(database, QUERY("o'brien"), ['id', 'half', 'neg', 'days'] as const);
  expect(c.length).toBe(70000);
  expect(Array.from(c.columns.id.subarray(0, 3))).toEqual([1, 2, 3]);
  expect(c.columns.half[69999]).toBe(35000);
  expect(c.columns.neg[0]).toBe(-1);
  expect(Number.isNaN(c.columns.neg[2]!)).toBe(true);
  expect(c.columns.days[9]).toBe(70);
  const none = await numberColumns(database, sql`select 1 as a where false`, ['a'] as const);
  expect(none.length).toBe(0);
  await expect(numberColumns(database, sql`select 1 as a, 'x' as b`, ['a', 'b'] as const)).rejects.toThrow(/not a number/);
  // The key chunks the rows, so a key that is not an integer fails in the statement itself.
  await expect(numberColumns(database, sql`select 'x' as a`, ['a'] as const)).rejects.toThrow();
}

describe('numberColumns on Postgres', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t?.drop());

  it('reads numeric columns packed as text, with bound parameters, ascending by the key', () => checkColumns(t.database));

  it('sees the writes of the transaction it runs in', async () => {
    await inTransaction(t.database, async (tx) => {
      await rows(tx, sql`create temp table tmp_nc (v int) on commit drop`);
      await rows(tx, sql`insert into tmp_nc values (5), (7)`);
      const c = await numberColumns(tx, sql`select v from tmp_nc order by v`, ['v'] as const);
      expect(Array.from(c.columns.v)).toEqual([5, 7]);
    });
  });

  it('labels customers by id with their owner', async () => {
    await rows(t.database, sql`insert into salesmen (external_id, name) values ('S1', 'Sam')`);
    await rows(t.database, sql`insert into customers (external_id, name, salesman_id) select 'C' || g, 'Customer ' || g, case when g = 1 then (select id from salesmen) end from generate_series(1, 3) g`);
    const ids = (await rows<{ id: number }>(t.database, sql`select id from customers order by external_id`)).map((r) => r.id);
    const labels = await customerLabels(t.database, [ids[0]!, ids[2]!, ids[0]!]);
    expect(labels.size).toBe(2);
    expect(labels.get(ids[0]!)).toMatchObject({ customerId: 'C1', name: 'Customer 1', salesmanId: 'S1', salesmanName: 'Sam' });
    expect(labels.get(ids[2]!)).toMatchObject({ customerId: 'C3', salesmanId: null });
    expect((await customerLabels(t.database, [])).size).toBe(0);
  });
});

describe('numberColumns on the embedded database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createPgliteDatabase();
  });
  afterAll(() => database?.close());

  it('reads the same columns through the row path', () => checkColumns(database));
});
