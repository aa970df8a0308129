import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCallListEntry } from '../../../src/db/queries/call-list.js';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import { CALL_LIST_ACTION_IDS } from '../../../src/slack/blocks/call-list-message.js';
import { CROSSSELL_ACTION_IDS } from '../../../src/slack/blocks/crosssell-dm-message.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { databaseWith, freshSales, posterFor, silentLog, slackUser, subscription, jobSettings } from '../jobs/jobs-setup.js';
import { actionValues, text, type Msg } from './message-parts.js';

/**
 * The call list end to end: Bob (salesman S2) clicks "Add to call list" on his cross-sell DM, then finds
 * the call in `/sales calls` and on App Home, and marks it done. Ann (S1) never sees Bob's calls; the
 * manager sees the whole team's, a page at a time.
 */
describe('the call list', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  let runner: InProcessRunner;

  const sql = async <T>(q: string, ...params: unknown[]): Promise<T[]> => {
    if (t.database.kind !== 'postgres') throw new Error('postgres expected');
    return (await t.database.driver.unsafe(q, params as never[])) as unknown as T[];
  };
  const calls = async (user: string): Promise<Msg> => {
    const r = await h.command('calls', user);
    expect(r.status).toBe(200);
    return (await h.responsesTo(r.responseUrl))[0]!;
  };
  const click = async (actionId: string, value: string, user: string): Promise<Msg> => {
    const r = await h.click({ action_id: actionId, value }, user);
    expect(r.status).toBe(200);
    return (await h.responsesTo(r.responseUrl!))[0]!;
  };
  const homeOf = async (user: string): Promise<Msg> => {
    const before = h.slack.callsTo('views.publish').length;
    expect((await h.event({ type: 'app_home_opened', user, tab: 'home', channel: 'D0HOME' })).status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > before);
    return h.slack.callsTo('views.publish').at(-1)!.args.view as Msg;
  };

  beforeAll(async () => {
    t = await databaseWith(freshSales());
    await slackUser(t.database, 'U0MGR', 'manager');
    h = await new SlackHarness(t.database).start();
    h.slack.users.set('U0ANN', { id: 'U0ANN', email: 'ann@example.com' });
    h.slack.users.set('U0BOB', { id: 'U0BOB', email: 'bob@example.com' });
    runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, now: () => new Date(), backoffMs: 10 });
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await t?.drop();
  });

  it('"Add to call list" on a cross-sell DM puts the customer on the owner’s list, with what to offer and why', async () => {
    const sub = await subscription(t.database, { kind: 'alert', subject: 'crosssell', target: 'salesmen' });
    for (const r of await runner.run('subscription-run', { subscriptionId: sub.id, runKey: 'xs1', trigger: 'manual' }, 'j1')) if (r.error) throw r.error;
    const [alert] = await sql<{ id: number; channel_id: string; message_ts: string }>(`select id, channel_id, message_ts from alert_state where alert_kind = 'crosssell'`);
    const updates = h.slack.callsTo('chat.update').length;
    const reply = await h.click({ action_id: CROSSSELL_ACTION_IDS.callList, value: String(alert!.id) }, 'U0BOB', { message: { channel: alert!.channel_id, ts: alert!.message_ts } });
    expect(reply.status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('chat.update').length > updates);
    expect(JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks)).toContain('On the call list (<@U0BOB>)');

    const list = await calls('U0BOB');
    expect(blockKitViolations(list as never)).toEqual([]);
    const s = text(list);
    expect(s).toContain('Your call list');
    expect(s).toContain('*Beta Inc* → offer *Toner*');
    expect(s).toContain('they bought Printer');
    expect(s).toMatch(/added <!date\^\d+\^\{date_short_pretty\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC> by <@U0BOB>/);
    expect(s).not.toContain('owner'); // his own list: every entry is his
    const [entry] = await sql<{ id: number; status: string; reason: string }>(`select id, status, reason from call_list`);
    expect(entry).toMatchObject({ status: 'open' });
    expect(actionValues(list, CALL_LIST_ACTION_IDS.done)).toEqual([{ label: 'Done', value: String(entry!.id) }]);
    expect(actionValues(list, CALL_LIST_ACTION_IDS.remove)).toEqual([{ label: 'Remove', value: String(entry!.id) }]);

    // A second click on the same suggestion adds nothing twice.
    await h.click({ action_id: CROSSSELL_ACTION_IDS.callList, value: String(alert!.id) }, 'U0BOB', { message: { channel: alert!.channel_id, ts: alert!.message_ts } });
    expect(await sql(`select id from call_list`)).toHaveLength(1);
  });

  it('a salesman sees only his own calls; a manager sees the team’s with each owner', async () => {
    const ann = text(await calls('U0ANN'));
    expect(ann).toContain('Nothing on the list');
    expect(ann).not.toContain('Beta Inc');
    const mgr = text(await calls('U0MGR'));
    expect(mgr).toContain('Call list (whole team)');
    expect(mgr).toContain('*Beta Inc* → offer *Toner*');
    expect(mgr).toContain('owner Bob Jones');
  });

  it('App Home shows the list with its buttons', async () => {
    const home = await homeOf('U0BOB');
    expect(blockKitViolations({ blocks: home.blocks } as never, { view: true })).toEqual([]);
    expect(text(home)).toContain('Your call list');
    expect(text(home)).toContain('*Beta Inc* → offer *Toner*');
    expect(actionValues(home, CALL_LIST_ACTION_IDS.done)).toHaveLength(1);
    expect(text(await homeOf('U0ANN'))).not.toContain('Beta Inc');
  });

  it('another salesman cannot close it; its owner marks it done and it leaves the list', async () => {
    const [entry] = await sql<{ id: number }>(`select id from call_list`);
    const forged = await click(CALL_LIST_ACTION_IDS.done, String(entry!.id), 'U0ANN');
    expect(text(forged)).toContain('belongs to another salesman');
    expect((await sql<{ status: string }>(`select status from call_list`))[0]!.status).toBe('open');

    const after = await click(CALL_LIST_ACTION_IDS.done, String(entry!.id), 'U0BOB');
    expect(after.replace_original).toBe(true);
    expect(text(after)).toContain('Nothing on the list');
    expect(await sql(`select status, closed_by from call_list`)).toEqual([{ status: 'done', closed_by: 'U0BOB' }]);
    expect(text(await calls('U0MGR'))).not.toContain('Beta Inc');
  });

  it('a long list says how many more there are and pages; Remove on App Home redraws the tab', async () => {
    const [ids] = [await sql<{ id: number; external_id: string }>(`select id, external_id from customers order by external_id`)];
    const products = await sql<{ id: number }>(`select id from products order by external_id`);
    for (const c of ids) for (const p of products) await insertCallListEntry(t.database, { customerId: c.id, productId: p.id, reason: 'because the test says so', addedBy: 'U0MGR' });
    const first = await calls('U0MGR'); // 4 customers × 4 products = 16 open calls, 15 a page
    expect(blockKitViolations(first as never)).toEqual([]);
    expect(text(first)).toContain('16 open calls');
    expect(text(first)).toContain('Showing 1–15 of 16. …and 1 more.');
    expect(actionValues(first, CALL_LIST_ACTION_IDS.done)).toHaveLength(15);
    const [more] = actionValues(first, CALL_LIST_ACTION_IDS.more);
    const second = await click(CALL_LIST_ACTION_IDS.more, more!.value, 'U0MGR');
    expect(text(second)).toContain('Showing 16–16 of 16.');
    expect(actionValues(second, CALL_LIST_ACTION_IDS.done)).toHaveLength(1);

    const home = await homeOf('U0MGR');
    expect(text(home)).toContain('…and 6 more: `/sales calls` lists them all.');
    const [remove] = actionValues(home, CALL_LIST_ACTION_IDS.remove);
    const publishes = h.slack.callsTo('views.publish').length;
    expect((await h.click({ action_id: CALL_LIST_ACTION_IDS.remove, value: remove!.value }, 'U0MGR', { container: 'view' })).status).toBe(200);
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > publishes);
    expect(text(h.slack.callsTo('views.publish').at(-1)!.args.view as Msg)).toContain('…and 5 more');
    expect(await sql(`select status from call_list where id = $1`, Number(remove!.value))).toEqual([{ status: 'removed' }]);
  });
});
