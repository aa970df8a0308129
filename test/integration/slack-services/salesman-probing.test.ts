import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/lib/errors.js';
import type { ReportScope } from '../../../src/reports/report-module.js';
import { resolveFilters } from '../../../src/reports/resolve-filters.js';
import { logActivity } from '../../../src/services/activity-log.js';
import { customerHistory } from '../../../src/services/drill/customer-history.js';
import { resolveSlackUser, type Actor } from '../../../src/services/slack-identity.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { AS_OF, portal } from './fixture.js';

/**
 * A salesman must not learn what lies outside his book by the wording of a refusal: another salesman's
 * customer reads exactly like a customer that does not exist, and "did you mean" offers only his own
 * regions, salesmen and customers. The fixture adds a region (Westland) where only Sue sells.
 */
async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

const text = (e: AppError) => `${e.message} ${e.hint ?? ''}`;

describe("a salesman cannot probe what is outside his book", () => {
  let t: TestDatabase;
  let sam: Actor;
  let samScope: ReportScope;
  beforeAll(async () => {
    t = await createTestDatabase();
    const seed = portal()
      .customer('W1', { name: 'Westland Wares', city: 'Cork', region: 'Westland', salesman: 'S2' })
      .sale({ order: 'W1-1', line: 1, on: '2024-03-02T10:00:00Z', customer: 'W1', product: 'P1', price: 100, salesman: 'S2' });
    await loadFixture(t.database, seed.files());
    sam = await resolveSlackUser(t.database, { slackUserId: 'U0SAM', adminIds: [] });
    samScope = sam.scope;
  });
  afterAll(() => t?.drop());

  it("opening another salesman's customer reads like opening one that does not exist", async () => {
    // G is Sue's Zeta Tools; H is nobody. Neither is near a name in Sam's book, so no suggestion differs.
    const foreign = await failure(customerHistory(t.database, samScope, { filters: {}, asOf: AS_OF, key: 'G' }));
    const unknown = await failure(customerHistory(t.database, samScope, { filters: {}, asOf: AS_OF, key: 'H' }));
    expect(foreign.code).toBe(unknown.code);
    expect(text(foreign).replace('"G"', '"?"')).toBe(text(unknown).replace('"H"', '"?"'));
    expect(foreign.message).toMatch(/not found in your data/);
  });

  it("logging a visit to another salesman's customer reads like logging one to a customer that does not exist", async () => {
    const foreign = await failure(logActivity(t.database, sam, { activityType: 'visit', customerId: 'D' }));
    const unknown = await failure(logActivity(t.database, sam, { activityType: 'visit', customerId: 'C99999' }));
    expect(foreign.code).toBe(unknown.code);
    expect(text(foreign).replace('"D"', '"?"')).toBe(text(unknown).replace('"C99999"', '"?"'));
    expect(foreign.message).toMatch(/not found in your data/);
  });

  it("a customer filter on another salesman's customer reads like one on a customer that does not exist", async () => {
    const asker = { scope: samScope, me: 'S1' };
    const foreign = await failure(resolveFilters(t.database, { customer: ['W1'] }, asker));
    const unknown = await failure(resolveFilters(t.database, { customer: ['W9'] }, asker));
    expect(foreign.code).toBe(unknown.code);
    expect(text(foreign).replace('"W1"', '"?"')).toBe(text(unknown).replace('"W9"', '"?"'));
    expect(foreign.message).toMatch(/not found in your data/);
  });

  it('region suggestions and lists name only regions of his own customers', async () => {
    const asker = { scope: samScope, me: 'S1' };
    const typo = await failure(resolveFilters(t.database, { region: ['Westlnd'] }, asker));
    expect(text(typo)).not.toMatch(/Westland/);
    expect(text(typo)).toMatch(/North/);
    // A region where he has no customers is not his to confirm either.
    const foreign = await failure(resolveFilters(t.database, { region: ['Westland'] }, asker));
    expect(text(foreign)).not.toMatch(/Did you mean/);
    expect(text(foreign).replace('"Westland"', '"?"')).toBe(text(await failure(resolveFilters(t.database, { region: ['Atlantis'] }, asker))).replace('"Atlantis"', '"?"'));
    // Plain words that name nothing list his regions and no one else's salesmen.
    const word = await failure(resolveFilters(t.database, { words: ['Westlnd'] }, asker));
    expect(text(word)).not.toMatch(/Westland|Sue|Sid/);
    // His own regions still resolve; managers keep the whole list.
    expect(await resolveFilters(t.database, { region: ['north'] }, asker)).toEqual({ region: ['North'] });
    expect(text(await failure(resolveFilters(t.database, { region: ['Westlnd'] }, { scope: { kind: 'all' } })))).toMatch(/Westland/);
  });

  it("another salesman's id or name reads like a salesman who does not exist, and lists nobody else", async () => {
    const asker = { scope: samScope, me: 'S1' };
    const foreign = await failure(resolveFilters(t.database, { salesman: ['S2'] }, asker));
    const unknown = await failure(resolveFilters(t.database, { salesman: ['S9'] }, asker));
    expect(text(foreign).replace('"S2"', '"?"')).toBe(text(unknown).replace('"S9"', '"?"'));
    expect(text(foreign)).not.toMatch(/Sue|Sid|S3/);
    expect(await resolveFilters(t.database, { salesman: ['Sam'] }, asker)).toEqual({ salesman: ['S1'] });
  });
});
