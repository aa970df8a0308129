import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '../../src/config/env.js';
import { apiTokens, salesmen, slackUsers } from '../../src/db/schema/index.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { daysAgo } from '../helpers/fixtures.js';
import { seed } from '../helpers/seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';
import { API_TOKEN, SlackHarness } from '../helpers/slack-harness.js';

/**
 * Per-user API tokens (issue 14): made, listed and revoked with the CLI, used against the real HTTP
 * server. Sam (S1, Slack USAM) owns Alpha and Beta; Tess (S2) owns Gamma and Delta; UMGR is a manager.
 */
describe('per-user API tokens', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  const OTHERS = ['Gamma Traders', 'Delta Dairy'];
  const tokens: Record<string, { id: number; token: string }> = {};

  const cli = (args: string[]): Promise<CliResult> => runCli(args, { env: { DATABASE_URL: t.url, SLACK_ADMIN_USER_IDS: 'UADMIN' } });
  const api = async (path: string, token: string): Promise<{ status: number; body: Record<string, unknown>; text: string }> => {
    const res = await fetch(`${h.baseUrl}/api/analytics/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown>, text };
  };
  /** Makes a token through the CLI; the token is the whole of stdout, the id is in the sentence on stderr. */
  const create = async (args: string[]): Promise<{ id: number; token: string; stderr: string }> => {
    const r = await cli(['token', 'create', ...args]);
    expect(r.code, r.stderr).toBe(0);
    const id = Number(/Token (\d+) for/.exec(r.stderr)?.[1]);
    return { id, token: r.stdout.trim(), stderr: r.stderr };
  };

  beforeAll(async () => {
    resetEnv();
    t = await createTestDatabase();
    const s = seed()
      .salesman('S1', { name: 'Sam Seller', email: 'sam@example.com', region: 'North', slackUser: 'USAM' })
      .salesman('S2', { name: 'Tess Trader', email: 'tess@example.com', region: 'South' })
      .customer('A', { name: 'Alpha Stores', city: 'Oslo', region: 'North', salesman: 'S1' })
      .customer('B', { name: 'Beta Shop', city: 'Bergen', region: 'North', salesman: 'S1' })
      .customer('C', { name: 'Gamma Traders', city: 'Rome', region: 'South', salesman: 'S2' })
      .customer('D', { name: 'Delta Dairy', city: 'Milan', region: 'South', salesman: 'S2' })
      .product('P1', { name: 'Printer', category: 'Hardware' })
      .product('P2', { name: 'Paper', category: 'Supplies' });
    let order = 1;
    for (let d = 400; d >= 5; d -= 15) {
      // Beta and Delta stop buying half a year ago, so churn has someone at risk on each side.
      s.sale({ order: order++, on: daysAgo(d), customer: 'A', product: 'P1', salesman: 'S1', qty: 2, price: 100 });
      if (d > 180) s.sale({ order: order++, on: daysAgo(d - 1), customer: 'B', product: 'P2', salesman: 'S1', qty: 1, price: 40 });
      s.sale({ order: order++, on: daysAgo(d), customer: 'C', product: 'P1', salesman: 'S2', qty: 5, price: 100 });
      if (d > 180) s.sale({ order: order++, on: daysAgo(d - 2), customer: 'D', product: 'P2', salesman: 'S2', qty: 3, price: 40 });
    }
    await s.load(t.database);
    await t.database.db.insert(slackUsers).values({ slackUserId: 'UMGR', role: 'manager' });
    h = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).start();
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('creates tokens for a salesman id and for Slack users, printing each once and storing only its hash', async () => {
    tokens.sam = await create(['--user', 'S1', '--name', 'sam laptop']);
    tokens.samSlack = await create(['--user', 'USAM', '--expires', '30d']);
    tokens.manager = await create(['--user', 'UMGR', '--expires', 'never']);
    for (const k of ['sam', 'samSlack', 'manager']) expect(tokens[k]!.token).toMatch(/^sbt_[A-Za-z0-9_-]{43}$/);
    expect(new Set(Object.values(tokens).map((x) => x.token)).size).toBe(3);

    const stored = await t.database.db.select({ hash: apiTokens.tokenHash }).from(apiTokens);
    const storedText = JSON.stringify(stored);
    for (const x of Object.values(tokens)) expect(storedText).not.toContain(x.token.slice(4));

    const list = await cli(['token', 'list']);
    expect(list.code, list.stderr).toBe(0);
    for (const x of Object.values(tokens)) expect(list.stdout).not.toContain(x.token.slice(4));
    for (const h of stored) expect(list.stdout).not.toContain(h.hash);
    expect(list.stdout).toMatch(/^id\s+name\s+owner\s+scope\s+created\s+expires\s+last used\s+revoked/);
    const samLine = list.stdout.split('\n').find((l) => l.startsWith(`${tokens.sam!.id} `))!;
    expect(samLine).toContain('sam laptop');
    expect(samLine).toMatch(/salesman S1 \(Sam Seller\)\s+own book of Sam Seller \(S1\)/);
    const mgrLine = list.stdout.split('\n').find((l) => l.startsWith(`${tokens.manager!.id} `))!;
    expect(mgrLine).toMatch(/Slack user UMGR\s+all data \(manager\)\s+\S+ \S+\s+never\s+never\s+no$/);
  }, 60_000);

  it('refuses an unknown owner and a bad lifetime with a sentence saying what to type', async () => {
    const unknown = await cli(['token', 'create', '--user', 'S9']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No Slack user or salesman "S9".*Did you mean salesman S1/);
    const bad = await cli(['token', 'create', '--user', 'S1', '--expires', '90 days']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--expires "90 days" is not a duration.*90d/);
    expect(bad.stdout).toBe('');
  }, 60_000);

  it('gives a salesman token only his own book (rfm, churn), as Slack does', async () => {
    for (const token of [tokens.sam!.token, tokens.samSlack!.token]) {
      // rfm lists every customer; churn only those at risk (Beta for Sam, Delta for Tess).
      for (const [report, own] of [['rfm', 'Alpha Stores'], ['churn', 'Beta Shop']] as const) {
        const r = await api(`${report}?limit=0`, token);
        expect(r.status, r.text).toBe(200);
        expect(r.text, report).toContain(own);
        expect(r.body.scopeLabel).toBe('your customers (Sam Seller)');
        for (const name of OTHERS) expect(r.text, report).not.toContain(name);
      }
    }
    // `me` is the token's owner.
    const mine = await api('abc?salesman=me', tokens.sam!.token);
    expect(mine.status, mine.text).toBe(200);
    expect((mine.body.filters as { salesman: string[] }).salesman).toEqual(['S1']);
  }, 120_000);

  it('gives a manager token, and API_TOKEN, everyone', async () => {
    for (const token of [tokens.manager!.token, API_TOKEN]) {
      const r = await api('rfm?limit=0', token);
      expect(r.status, r.text).toBe(200);
      for (const name of ['Alpha Stores', ...OTHERS]) expect(r.text).toContain(name);
      const churn = await api('churn?limit=0', token);
      expect(churn.text).toContain('Beta Shop');
      expect(churn.text).toContain('Delta Dairy');
    }
  }, 60_000);

  it('answers a foreign customer or salesman id exactly like an unknown one: "not found in your data"', async () => {
    const sam = tokens.sam!.token;
    const ask = async (query: string) => {
      const r = await api(`churn?${query}`, sam);
      for (const name of OTHERS) expect(r.text).not.toContain(name);
      return r;
    };
    const foreign = await ask('customer=C');
    const unknown = await ask('customer=ZZ');
    expect(foreign.status).toBe(403);
    expect(unknown.status).toBe(foreign.status);
    expect(foreign.body.message).toMatch(/customer "C" is not found in your data/);
    expect(String(unknown.body.message).replace('"ZZ"', '"C"')).toBe(foreign.body.message);
    expect(unknown.body.usage).toBe(foreign.body.usage);

    const otherSalesman = await ask('salesman=S2');
    const noSalesman = await ask('salesman=S7');
    expect(otherSalesman.status).toBe(403);
    expect(otherSalesman.body.message).toMatch(/salesman "S2" is not found in your data/);
    expect(String(noSalesman.body.message).replace('"S7"', '"S2"')).toBe(otherSalesman.body.message);
  }, 60_000);

  it('answers 400 for NUL and control characters in parameters of a token request', async () => {
    for (const query of ['region=No%00rth', 'customer=A%07', 'q=top%205%20No%01rth', 're%00gion=North']) {
      const r = await api(`abc?${query}`, tokens.sam!.token);
      expect(r.status, query).toBe(400);
      expect(r.body.message, query).toMatch(/control character/);
    }
  }, 60_000);

  it('records the last use, at most once a minute', async () => {
    const id = tokens.sam!.id;
    const lastUsed = async () => (await t.database.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id)))[0]!.at!;
    // Used by the tests above.
    expect(await lastUsed()).toBeInstanceOf(Date);
    // Used ten seconds ago (as the database's clock says): a use now writes nothing.
    await t.database.db.update(apiTokens).set({ lastUsedAt: sql`now() - interval '10 seconds'` }).where(eq(apiTokens.id, id));
    const recent = await lastUsed();
    expect((await api('abc', tokens.sam!.token)).status).toBe(200);
    expect((await lastUsed()).getTime()).toBe(recent.getTime());
    // Used two minutes ago: a use now is recorded.
    await t.database.db.update(apiTokens).set({ lastUsedAt: sql`now() - interval '2 minutes'` }).where(eq(apiTokens.id, id));
    const old = await lastUsed();
    expect((await api('abc', tokens.sam!.token)).status).toBe(200);
    const now = await lastUsed();
    expect(now.getTime()).toBeGreaterThan(old.getTime() + 60_000);

    const list = await cli(['token', 'list', '--json']);
    const listed = (JSON.parse(list.stdout) as { id: number; lastUsedAt: string | null }[]).find((x) => x.id === id)!;
    expect(listed.lastUsedAt).toBe(now.toISOString());
    expect(list.stdout).not.toContain(tokens.sam!.token.slice(4));
  }, 60_000);

  it('refuses revoked, expired and unknown tokens with 401 and a clear JSON error; the admin token still works', async () => {
    const revoked = await create(['--user', 'S1']);
    expect((await api('kpi', revoked.token)).status).toBe(200);
    const r = await cli(['token', 'revoke', String(revoked.id)]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Revoked token ${revoked.id} \\(salesman S1`));
    const afterRevoke = await api('kpi', revoked.token);
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.body).toMatchObject({ error: 'token_revoked' });
    expect(afterRevoke.body.message).toMatch(/was revoked.*sales-bot token create/);
    expect((await cli(['token', 'revoke', String(revoked.id)])).stdout).toMatch(/already revoked/);
    const missing = await cli(['token', 'revoke', '9999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No token with id 9999.*token list/);

    const expiring = await create(['--user', 'S1', '--expires', '1h']);
    expect((await api('kpi', expiring.token)).status).toBe(200);
    await t.database.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokens.id, expiring.id));
    const expired = await api('kpi', expiring.token);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: 'token_expired' });
    expect(expired.body.message).toMatch(/expired at/);

    const forged = await api('kpi', `sbt_${'A'.repeat(43)}`);
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: 'unauthorized' });

    const list = await cli(['token', 'list']);
    const revokedLine = list.stdout.split('\n').find((l) => l.startsWith(`${revoked.id} `))!;
    expect(revokedLine).not.toMatch(/\sno$/);

    const admin = await api('kpi', API_TOKEN);
    expect(admin.status).toBe(200);
  }, 120_000);

  it('follows the owner: a Slack user demoted from manager sees only his book from the next request', async () => {
    await t.database.db.insert(slackUsers).values({ slackUserId: 'UDEMOTE', role: 'manager' });
    const made = await create(['--user', 'UDEMOTE']);
    expect((await api('rfm?limit=0', made.token)).text).toContain('Gamma Traders');
    const [s1] = await t.database.db.select({ id: salesmen.id }).from(salesmen).where(eq(salesmen.externalId, 'S1'));
    const id = s1!.id;
    await t.database.db.update(slackUsers).set({ role: 'salesman', salesmanId: id }).where(eq(slackUsers.slackUserId, 'UDEMOTE'));
    const after = await api('rfm?limit=0', made.token);
    expect(after.status).toBe(200);
    expect(after.text).toContain('Alpha Stores');
    for (const name of OTHERS) expect(after.text).not.toContain(name);
  }, 60_000);

  it('`sales-bot serve` (heavy reports on report threads) answers a token as in-process', async () => {
    const served = await new SlackHarness(t.database, { adminIds: ['UADMIN'] }).startProcess(t.url);
    try {
      const get = async (path: string, token: string) => {
        const res = await fetch(`${served.baseUrl}/api/analytics/${path}`, { headers: { authorization: `Bearer ${token}` } });
        return { status: res.status, text: await res.text() };
      };
      for (const report of ['rfm', 'churn', 'clv']) {
        const r = await get(`${report}?limit=0`, tokens.sam!.token);
        expect(r.status, r.text).toBe(200);
        expect(r.text).toContain('your customers (Sam Seller)');
        for (const name of OTHERS) expect(r.text, report).not.toContain(name);
      }
      const foreign = await get('clv?customer=C', tokens.sam!.token);
      const inProcess = await api('clv?customer=C', tokens.sam!.token);
      expect(foreign.status).toBe(403);
      expect(JSON.parse(foreign.text)).toEqual(inProcess.body);
      const manager = await get('rfm?limit=0', tokens.manager!.token);
      expect(manager.text).toContain('Gamma Traders');
      expect((await get('kpi', `sbt_${'B'.repeat(43)}`)).status).toBe(401);
    } finally {
      await served.stop();
    }
  }, 120_000);
});
