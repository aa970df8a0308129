import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv, type ImportKind } from '../../src/db/import/import-csv.js';
import { rows } from '../../src/db/sql/run.js';
import { AppError } from '../../src/lib/errors.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const TZ = 'Europe/Berlin';

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'salesbot-deal-cols-')), name);
  writeFileSync(path, content);
  return path;
}

const LEADS = [
  'lead_id,created_at,stage,customer_id,salesman_id,expected_close,amount',
  'D1,2024-01-01,opportunity,C1,S1,2024-03-31,12500.50',
  // a date-time: its day in SALES_TZ (23:30 UTC is already the next day in Berlin)
  'D2,2024-01-02,opportunity,C2,S2,2024-04-30T23:30:00Z,800',
  'D3,2024-01-03,lead,C3,S1,,',
].join('\n');

type Deal = { id: string; close: string | null; amount: string | null };
const read = async (t: TestDatabase): Promise<Deal[]> =>
  rows<Deal>(t.database, sql.raw(`select external_id as id, expected_close::text as close, amount::text from leads where external_id like 'D%' order by 1`));

describe('leads import: expected_close and amount', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const kind of ['salesmen', 'customers'] as ImportKind[]) {
      await importCsv(t.database, { kind, source: join(FIXTURES, `${kind}.csv`), timeZone: TZ });
    }
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('round-trips both columns and re-imports without change', async () => {
    const file = tempFile('leads.csv', LEADS);
    const first = await importCsv(t.database, { kind: 'leads', source: file, timeZone: TZ });
    expect([first.inserted, first.updated]).toEqual([3, 0]);
    expect(await read(t)).toEqual([
      { id: 'D1', close: '2024-03-31', amount: '12500.5000' },
      { id: 'D2', close: '2024-05-01', amount: '800.0000' },
      { id: 'D3', close: null, amount: null },
    ]);
    const again = await importCsv(t.database, { kind: 'leads', source: file, timeZone: TZ });
    expect([again.inserted, again.updated]).toEqual([0, 0]);
  });

  it('updates a corrected close date in place', async () => {
    const r = await importCsv(t.database, { kind: 'leads', source: tempFile('leads.csv', LEADS.replace('2024-03-31,12500.50', '2024-06-30,13000')), timeZone: TZ });
    expect([r.inserted, r.updated]).toEqual([0, 1]);
    expect((await read(t))[0]).toEqual({ id: 'D1', close: '2024-06-30', amount: '13000.0000' });
  });

  it('names a bad date or amount by line and imports nothing', async () => {
    const before = await read(t);
    const bad = ['lead_id,created_at,stage,expected_close,amount', 'D4,2024-01-01,opportunity,2024-02-30,1', 'D5,2024-01-01,opportunity,2024-02-01,lots'].join('\n');
    const e = (await importCsv(t.database, { kind: 'leads', source: tempFile('bad.csv', bad), timeZone: TZ }).catch((x: unknown) => x)) as AppError;
    expect(e).toBeInstanceOf(AppError);
    expect(e.details).toEqual([
      expect.stringMatching(/^line 2: expected_close: "2024-02-30" is not an ISO-8601 date/),
      expect.stringMatching(/^line 3: amount: "lots" is not a number/),
    ]);
    expect(await read(t)).toEqual(before);
  });
});
