import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findSlackUser } from '../../../src/db/queries/slack-users.js';
import { AppError } from '../../../src/lib/errors.js';
import { linkSalesman, resolveSlackUser, setRole, type Actor } from '../../../src/services/slack-identity.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { FIXTURE } from './fixture.js';

const ADMINS = ['U0BOSS', 'U0SID'];

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('slack identity', () => {
  let t: TestDatabase;
  const resolve = (slackUserId: string, extra: { lookupEmail?: () => Promise<string | undefined>; adminIds?: string[] } = {}) =>
    resolveSlackUser(t.database, { slackUserId, teamId: 'T1', adminIds: ADMINS, ...extra });

  beforeAll(async () => {
    t = await createTestDatabase();
    await loadFixture(t.database, FIXTURE);
  });
  afterAll(() => t.drop());

  it('maps a user by the slack_user_id of the salesmen import, without asking Slack for the email', async () => {
    const lookupEmail = vi.fn(async () => 'someone@else.com');
    const actor = await resolve('U0SAM', { lookupEmail });
    expect(actor).toMatchObject({ slackUserId: 'U0SAM', role: 'salesman', salesman: { externalId: 'S1', name: 'Sam' } });
    expect(actor.scope).toEqual({ kind: 'salesman', salesmanId: actor.salesman!.id, salesmanExternalId: 'S1' });
    expect(lookupEmail).not.toHaveBeenCalled();
    expect(await findSlackUser(t.database, 'U0SAM')).toMatchObject({ teamId: 'T1', role: 'salesman', salesman: { externalId: 'S1' } });
  });

  it('maps a user by email, case-insensitively, and caches the email so Slack is asked once', async () => {
    const lookupEmail = vi.fn(async () => 'sue@EXAMPLE.com');
    const actor = await resolve('U0SUE', { lookupEmail });
    expect(actor).toMatchObject({ role: 'salesman', salesman: { externalId: 'S2' }, scope: { kind: 'salesman', salesmanExternalId: 'S2' } });
    expect((await findSlackUser(t.database, 'U0SUE'))?.email).toBe('sue@EXAMPLE.com');
    const again = await resolve('U0SUE', { lookupEmail: () => Promise.reject(new Error('must not be called')) });
    expect(again.salesman?.externalId).toBe('S2');
    expect(lookupEmail).toHaveBeenCalledTimes(1);
  });

  it('bootstraps admins from the admin list; an admin may also be a salesman and sees everything', async () => {
    const boss = await resolve('U0BOSS');
    expect(boss).toEqual({ slackUserId: 'U0BOSS', role: 'admin', scope: { kind: 'all' } });
    const sid = await resolve('U0SID');
    expect(sid).toMatchObject({ role: 'admin', salesman: { externalId: 'S3' }, scope: { kind: 'all' } });
  });

  it('an id on the admin list stays admin even when the stored row says otherwise', async () => {
    expect((await resolve('U0SAM')).role).toBe('salesman');
    const promoted = await resolve('U0SAM', { adminIds: ['U0SAM'] });
    expect(promoted).toMatchObject({ role: 'admin', scope: { kind: 'all' }, salesman: { externalId: 'S1' } });
    expect((await findSlackUser(t.database, 'U0SAM'))?.role).toBe('admin');
    // Back to a salesman for the other tests (done by an admin, as the bot would).
    const boss = await resolve('U0BOSS');
    await setRole(t.database, boss, 'U0SAM', 'salesman', { adminIds: ADMINS });
    expect((await resolve('U0SAM')).role).toBe('salesman');
  });

  it('an unknown user gets UNMAPPED_USER saying what to do; after an admin links them they are that salesman', async () => {
    const e = await failure(resolve('U0NEW', { lookupEmail: async () => 'new@example.com' }));
    expect(e.code).toBe('UNMAPPED_USER');
    expect(e.message).toMatch(/^I don't know which salesman you are/);
    expect(e.hint).toContain('/sales admin link @you <salesman-id>');
    expect((await failure(resolve('U0NEW'))).code).toBe('UNMAPPED_USER');

    const boss = await resolve('U0BOSS');
    const link = await linkSalesman(t.database, boss, 'U0NEW', 'S3');
    expect(link).toEqual({ slackUserId: 'U0NEW', role: 'salesman', salesman: { externalId: 'S3', name: 'Sid' }, previousSalesman: null });
    const actor = await resolve('U0NEW');
    expect(actor).toMatchObject({ role: 'salesman', salesman: { externalId: 'S3' }, scope: { kind: 'salesman', salesmanExternalId: 'S3' } });
  });

  it('only admins change roles and links', async () => {
    const sam: Actor = await resolve('U0SAM');
    const forbidden = await failure(setRole(t.database, sam, 'U0SAM', 'admin', { adminIds: ADMINS }));
    expect(forbidden.code).toBe('FORBIDDEN');
    expect((await failure(linkSalesman(t.database, sam, 'U0SAM', 'S2'))).code).toBe('FORBIDDEN');
    expect((await findSlackUser(t.database, 'U0SAM'))?.role).toBe('salesman');
  });

  it('a manager sees everything and keeps their salesman link for "my numbers"', async () => {
    const boss = await resolve('U0BOSS');
    const change = await setRole(t.database, boss, 'U0SUE', 'manager', { adminIds: ADMINS });
    expect(change).toEqual({ slackUserId: 'U0SUE', role: 'manager', previousRole: 'salesman', salesman: { externalId: 'S2', name: 'Sue' } });
    expect(await resolve('U0SUE')).toMatchObject({ role: 'manager', scope: { kind: 'all' }, salesman: { externalId: 'S2' } });
    const bad = await failure(setRole(t.database, boss, 'U0SUE', 'manger', { adminIds: ADMINS }));
    expect(bad.code).toBe('USAGE');
    expect(bad.message).toBe('"manger" is not a role. Did you mean manager?');
  });

  it('refuses to demote a bootstrapped admin or the last admin', async () => {
    const boss = await resolve('U0BOSS');
    expect((await failure(setRole(t.database, boss, 'U0SID', 'manager', { adminIds: ADMINS }))).code).toBe('FORBIDDEN');
    // With no admin list, U0BOSS and U0SID are the stored admins: one may go, not both.
    await setRole(t.database, boss, 'U0SID', 'salesman', { adminIds: [] });
    const last = await failure(setRole(t.database, boss, 'U0BOSS', 'manager', { adminIds: [] }));
    expect(last.code).toBe('FORBIDDEN');
    expect(last.message).toBe('That would leave the sales bot without an admin.');
    await setRole(t.database, boss, 'U0SID', 'admin', { adminIds: [] });
  });

  it('an unknown salesman id is NOT_FOUND with a did-you-mean over ids and names', async () => {
    const boss = await resolve('U0BOSS');
    const byId = await failure(linkSalesman(t.database, boss, 'U0X', 'S9'));
    expect(byId.code).toBe('NOT_FOUND');
    expect(byId.message).toBe('No salesman with id "S9". Did you mean S1 (Sam)?');
    const byName = await failure(linkSalesman(t.database, boss, 'U0X', 'sue'));
    expect(byName.message).toBe('No salesman with id "sue". Did you mean S2 (Sue)?');
    expect(await findSlackUser(t.database, 'U0X')).toBeUndefined();
    // Ids are matched case-insensitively; a relink reports what it replaced.
    const relink = await linkSalesman(t.database, boss, 'U0NEW', 's1');
    expect(relink).toMatchObject({ salesman: { externalId: 'S1' }, previousSalesman: { externalId: 'S3', name: 'Sid' } });
  });
});
