import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnv } from '../../../src/config/env.js';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import { ACTION_IDS, encodeDealAction } from '../../../src/slack/parse/action-value.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { API_TOKEN, SlackHarness } from '../../helpers/slack-harness.js';
import { jobSettings, posterFor, silentLog, slackUser, subscription } from '../jobs/jobs-setup.js';
import { dealSeed } from './deal-fixture.js';
import { text } from './message-parts.js';

/**
 * The weekly deal-risk DMs on the hand-computed fixture (deal-fixture.ts): Sam gets X1, X2, X4, Tess
 * gets X3; "Log activity" and "Mark lost…" write the rows an import would, and the deal leaves the list.
 */
describe('deal-risk DMs with Log activity / Mark lost', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let runner: InProcessRunner;
  const sql = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };
  const atRisk = async (): Promise<string[]> => {
    const res = await fetch(`${h.baseUrl}/api/analytics/deals`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    return ((await res.json()) as { deals: { leadId: string }[] }).deals.map((d) => d.leadId);
  };
  const alertOf = async (lead: string) =>
    (await sql<{ id: number; channel_id: string; message_ts: string }>(`select id, channel_id, message_ts from alert_state where alert_kind = 'deals' and details->>'leadExternalId' = $1`, lead))[0]!;
  const choose = async (actionId: string, lead: string, kind: 'log' | 'lost', choice: string, user: string) => {
    const a = await alertOf(lead);
    const updates = h.slack.callsTo('chat.update').length;
    const r = await h.click({ action_id: actionId, selected: encodeDealAction({ kind, alertId: a.id, choice }) }, user, { message: { channel: a.channel_id, ts: a.message_ts } });
    expect(r.status).toBe(200);
    return { updates, responseUrl: r.responseUrl };
  };

  beforeAll(async () => {
    resetEnv();
    t = await createTestDatabase();
    await dealSeed().load(t.database);
    await slackUser(t.database, 'U0ADMIN', 'admin');
    h = await new SlackHarness(t.database).start();
    h.slack.users.set('USAM', { id: 'USAM', email: 'sam@example.com' });
    h.slack.users.set('UTESS', { id: 'UTESS', email: 'tess@example.com' });
    runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, now: () => new Date(), backoffMs: 10 });
    const sub = await subscription(t.database, { kind: 'alert', subject: 'deals', target: 'salesmen' });
    for (const r of await runner.run('subscription-run', { subscriptionId: sub.id, runKey: 'd1', trigger: 'manual' }, 'j1')) if (r.error) throw r.error;
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('sends each salesman one DM with his own deals at risk, and nothing healthy', async () => {
    const dms = h.slack.callsTo('chat.postMessage').filter((c) => /need(s)? attention/.test(String(c.args.text)));
    expect(dms).toHaveLength(2);
    const sam = dms.find((c) => JSON.stringify(c.args).includes('Alpha Stores'));
    const tess = dms.find((c) => JSON.stringify(c.args).includes('Gamma Traders'));
    expect(sam).toBeDefined();
    expect(tess).toBeDefined();
    expect(sam!.args.channel).not.toBe(tess!.args.channel);
    for (const c of [sam!, tess!]) expect(blockKitViolations({ text: c.args.text, blocks: c.args.blocks } as never)).toEqual([]);
    const samText = JSON.stringify(sam!.args);
    expect(samText).toContain('3 of your deals need attention');
    for (const id of ['X1', 'X2', 'X4']) expect(samText).toContain(`deal ${id}`);
    for (const id of ['X3', 'G1', 'G2', 'G3', 'G4', 'L1']) expect(samText).not.toContain(`deal ${id}`);
    const tessText = JSON.stringify(tess!.args);
    expect(tessText).toContain('deal X3');
    expect(tessText).toContain('past close date');
    for (const id of ['X1', 'X2', 'X4']) expect(tessText).not.toContain(`deal ${id}`);
  });

  it('refuses another salesman’s deal and writes nothing', async () => {
    const { responseUrl } = await choose(ACTION_IDS.dealLost, 'X1', 'lost', 'price', 'UTESS');
    const [reply] = await h.responsesTo(responseUrl!);
    expect(text(reply as never)).toMatch(/another salesman/);
    expect(await sql(`select stage from leads where external_id = 'X1'`)).toEqual([{ stage: 'opportunity' }]);
  });

  it('"Log activity" stores a call on the deal’s customer and the deal is no longer quiet', async () => {
    expect(await atRisk()).toContain('X2');
    const { updates } = await choose(ACTION_IDS.dealLog, 'X2', 'log', 'call', 'USAM');
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length > updates);
    expect(JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain('call logged (<@USAM>)');
    const rows = await sql<{ kind: string; customer: string; source: string }>(
      `select a.kind, c.external_id as customer, a.source from activities a join customers c on c.id = a.customer_id where a.source = 'slack'`,
    );
    expect(rows).toEqual([{ kind: 'call', customer: 'B', source: 'slack' }]);
    expect(await atRisk()).not.toContain('X2');
    // A second pick on the answered deal stores nothing twice.
    await choose(ACTION_IDS.dealLog, 'X2', 'log', 'call', 'USAM');
    expect(await sql(`select count(*)::int as n from activities where source = 'slack'`)).toEqual([{ n: 1 }]);
  });

  it('"Mark lost…" writes the lead and its stage history as the import does', async () => {
    const { updates } = await choose(ACTION_IDS.dealLost, 'X1', 'lost', 'competitor', 'USAM');
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length > updates);
    expect(JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain('Marked lost: competitor (<@USAM>)');
    expect(await sql(`select stage, lost_reason from leads where external_id = 'X1'`)).toEqual([{ stage: 'lost', lost_reason: 'competitor' }]);
    expect(await sql(`select h.stage from lead_stage_history h join leads l on l.id = h.lead_id where l.external_id = 'X1' order by h.entered_at`)).toEqual([
      { stage: 'lead' },
      { stage: 'opportunity' },
      { stage: 'lost' },
    ]);
    expect(await atRisk()).toEqual(['X4', 'X3']);
  });
});
