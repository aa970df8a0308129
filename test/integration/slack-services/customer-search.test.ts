import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findCustomers, SEARCH_CANDIDATE_CAP } from '../../../src/services/customer-search.js';
import type { ReportScope } from '../../../src/reports/report-module.js';
import { resolveSlackUser } from '../../../src/services/slack-identity.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { FIXTURE } from './fixture.js';

const ALL: ReportScope = { kind: 'all' };

describe('customer search', () => {
  let t: TestDatabase;
  let sam: ReportScope;
  beforeAll(async () => {
    t = await createTestDatabase();
    await loadFixture(t.database, FIXTURE);
    sam = (await resolveSlackUser(t.database, { slackUserId: 'U0SAM', adminIds: [] })).scope;
  });
  afterAll(() => t.drop());

  const names = (r: { candidates: { name: string }[] }) => r.candidates.map((c) => c.name);

  it('an exact portal id (any case) is the exact hit', async () => {
    const r = await findCustomers(t.database, ALL, 'd');
    expect(r.exact).toEqual({ customerId: 'D', name: 'Delta Dairy', city: 'Munich', region: 'South', salesmanId: 'S2', salesmanName: 'Sue', score: 1 });
    expect(r.candidates.map((c) => c.customerId)).not.toContain('D');
  });

  it('ranks name prefixes first, shorter names before longer, and keeps matches of every word', async () => {
    const acme = await findCustomers(t.database, ALL, 'acme');
    expect(acme.exact).toBeUndefined();
    expect(names(acme)).toEqual(['Acme Supplies', 'Acme Industries']);
    expect(acme.candidates[0]!.score).toBe(0.95);
    const sup = await findCustomers(t.database, ALL, 'acme sup');
    expect(names(sup)[0]).toBe('Acme Supplies');
    const words = await findCustomers(t.database, ALL, 'dairy delta');
    expect(names(words)).toEqual(['Delta Dairy']);
    expect(words.candidates[0]!.score).toBe(0.88);
    const inner = await findCustomers(t.database, ALL, 'tools');
    expect(names(inner)).toEqual(['Zeta Tools']);
  });

  it('finds names despite typos (no pg_trgm needed)', async () => {
    const diary = await findCustomers(t.database, ALL, 'Delta Diary');
    expect(names(diary)[0]).toBe('Delta Dairy');
    expect(diary.candidates[0]!.score).toBeCloseTo(0.75 * (1 - 2 / 11), 12);
    const gama = await findCustomers(t.database, ALL, 'Gama');
    expect(names(gama)).toEqual(['Gamma Garden']);
    const epsilon = await findCustomers(t.database, ALL, 'epsilom electrik');
    expect(names(epsilon)[0]).toBe('Epsilon Electric');
    expect(await findCustomers(t.database, ALL, 'xyzzy')).toEqual({ candidates: [] });
    expect(await findCustomers(t.database, ALL, '   ')).toEqual({ candidates: [] });
  });

  it('a whole name typed exactly is the exact hit', async () => {
    const r = await findCustomers(t.database, ALL, 'beta books');
    expect(r.exact?.customerId).toBe('B');
  });

  it("a salesman finds only their own customers, by name or by id", async () => {
    expect(names(await findCustomers(t.database, sam, 'acme'))).toEqual(['Acme Supplies']);
    const other = await findCustomers(t.database, sam, 'C');
    expect(other.exact).toBeUndefined();
    expect(other.candidates.map((c) => c.customerId)).not.toContain('C');
    expect(await findCustomers(t.database, sam, 'Gamma Garden')).toEqual({ candidates: [] });
    expect((await findCustomers(t.database, sam, 'b')).exact?.customerId).toBe('B');
  });

  it('LIKE wildcards in the query are literal; the candidate list is capped before ranking', async () => {
    expect(await findCustomers(t.database, ALL, '%')).toEqual({ candidates: [] });
    expect(await findCustomers(t.database, ALL, '_')).toEqual({ candidates: [] });
    const many = seed();
    for (let i = 0; i < SEARCH_CANDIDATE_CAP + 20; i++) many.customer(`K${String(i).padStart(3, '0')}`, { name: `Kiosk ${i}`, region: 'North' });
    await many.load(t.database);
    const r = await findCustomers(t.database, ALL, 'kiosk', 100);
    expect(r.candidates).toHaveLength(SEARCH_CANDIDATE_CAP);
    // Every one is a name-prefix match: shortest names first, then by name.
    expect(r.candidates.slice(0, 3).map((c) => c.name)).toEqual(['Kiosk 0', 'Kiosk 1', 'Kiosk 2']);
    expect((await findCustomers(t.database, ALL, 'kiosk 42')).exact?.customerId).toBe('K042');
  });
});
