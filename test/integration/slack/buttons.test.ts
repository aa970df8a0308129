import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { rows } from '../../../src/db/sql/run.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAction } from '../../../src/slack/parse/action-value.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { actionValues, imageFileId, text, type Msg } from './message-parts.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

describe('buttons, App Home and /sales log', () => {
  let w: SlackWorld;
  const answer = async (commandText: string, user = 'UMANAGER'): Promise<Msg> => {
    const r = await w.h.command(commandText, user);
    return (await w.h.responsesTo(r.responseUrl))[0]!;
  };
  const click = async (actionId: string, value: string, user = 'UMANAGER', select = false): Promise<Msg> => {
    const r = await w.h.click(select ? { action_id: actionId, selected: value } : { action_id: actionId, value }, user);
    expect(r.status).toBe(200);
    return (await w.h.responsesTo(r.responseUrl!))[0]!;
  };

  beforeAll(async () => {
    w = await slackWorld();
    await answer('admin role <@UMANAGER|m> manager', 'UADMIN');
  }, 120_000);
  afterAll(() => w?.close());

  it('pages through a long list with Next and Prev, replacing the message', async () => {
    const first = await answer('abc');
    const next = actionValues(first, 'report_page');
    expect(next.map((n) => n.label).join(' ')).toMatch(/Next/);
    const page2 = await click('report_page', next.find((n) => /Next/.test(n.label))!.value);
    expect(page2.replace_original).toBe(true);
    expect(blockKitViolations(page2 as never)).toEqual([]);
    expect(text(page2)).not.toEqual(text(first));
    expect(actionValues(page2, 'report_page').map((n) => n.label).join(' ')).toMatch(/Prev/);
  });

  it('exports the whole list as a CSV file in a DM', async () => {
    w.h.slack.reset();
    const first = await answer('abc');
    const [exp] = actionValues(first, 'report_export');
    const done = await click('report_export', exp!.value);
    expect(text(done)).toMatch(/direct message/);
    const open = w.h.slack.callsTo('conversations.open').at(-1)!;
    expect(open.args.users).toBe('UMANAGER');
    const complete = w.h.slack.callsTo('files.completeUploadExternal').at(-1)!;
    expect(complete.args.channel_id).toBe('DMANAGER');
    const fileId = (complete.args.files as { id: string }[])[0]!.id;
    const csvText = w.h.slack.uploads.get(fileId)!.bytes.toString('utf8');
    const rows = parse(csvText) as string[][];
    expect(rows.length).toBeGreaterThan(11);
    expect(rows[0]!.length).toBeGreaterThan(1);
  });

  it('shares to the channel', async () => {
    const first = await answer('rfm');
    const [share] = actionValues(first, 'report_share');
    const shared = await click('report_share', share!.value);
    expect(shared.response_type).toBe('in_channel');
    expect(imageFileId(shared)).toBeDefined();
    expect(blockKitViolations(shared as never)).toEqual([]);
  });

  it('drills from an RFM segment into its customers', async () => {
    const first = await answer('rfm');
    const drills = actionValues(first, 'report_drill');
    expect(drills.length).toBeGreaterThan(0);
    const isSelect = JSON.stringify(first).includes('static_select');
    const drilled = await click('report_drill', drills[0]!.value, 'UMANAGER', isSelect);
    expect(blockKitViolations(drilled as never)).toEqual([]);
    expect(text(drilled)).toContain(drills[0]!.label.replace(/ \(.*$/, '').slice(0, 10));
  });

  it('drills from geo into a region and from churn into a customer', async () => {
    for (const report of ['geo', 'churn']) {
      const first = await answer(report);
      const drills = actionValues(first, 'report_drill');
      expect(drills.length, report).toBeGreaterThan(0);
      const isSelect = JSON.stringify(first).includes('static_select');
      const drilled = await click('report_drill', drills[0]!.value, 'UMANAGER', isSelect);
      expect(blockKitViolations(drilled as never)).toEqual([]);
      expect(text(drilled)).not.toMatch(/went wrong/);
    }
  });

  it('answers a tampered button with a clear sentence', async () => {
    const reply = await click('report_page', '{"v":1,"kind":"page","report":"rfm","q":"rfm regoin:x","page":1}');
    expect(text(reply)).toMatch(/Run the command again/);
    const garbage = await click('report_export', 'not json at all');
    expect(text(garbage)).toMatch(/Run the command again/);
  });

  it('publishes an App Home with the person’s KPIs and report buttons', async () => {
    w.h.slack.reset();
    const r = await w.h.event({ type: 'app_home_opened', user: 'USALES1', channel: 'D1', tab: 'home' });
    expect(r.status).toBe(200);
    await w.h.slack.waitFor(() => w.h.slack.callsTo('views.publish').length > 0);
    const call = w.h.slack.callsTo('views.publish')[0]!;
    expect(call.args.user_id).toBe('USALES1');
    const view = call.args.view as Msg;
    expect(blockKitViolations(view as never, { view: true })).toEqual([]);
    expect(text(view)).toContain(w.rep1.name);
    const open = actionValues(view, 'report_open');
    expect(open.length).toBeGreaterThan(3);
    // App Home buttons have no response_url: the report arrives in the DM.
    const click2 = await w.h.click({ action_id: 'report_open', value: open[0]!.value }, 'USALES1', { container: 'view' });
    expect(click2.status).toBe(200);
    await w.h.slack.waitFor(() => w.h.slack.callsTo('chat.postMessage').length > 0);
    const post = w.h.slack.callsTo('chat.postMessage')[0]!;
    expect(post.args.channel).toBe('DSALES1');
    expect(blockKitViolations(post.args as never)).toEqual([]);
  });

  it('shows an unmapped person how to get linked on App Home', async () => {
    w.h.slack.reset();
    await w.h.event({ type: 'app_home_opened', user: 'UNOBODY', channel: 'D2', tab: 'home' });
    await w.h.slack.waitFor(() => w.h.slack.callsTo('views.publish').length > 0);
    expect(text(w.h.slack.callsTo('views.publish')[0]!.args.view as Msg)).toMatch(/admin link/);
  });

  it('logs a visit for the salesman who typed it, asking which customer when several match', async () => {
    const [one] = await rows<{ name: string; id: string }>(
      w.t.database,
      sql`select name, external_id as id from customers where salesman_id = ${w.rep1.id} order by external_id limit 1`,
    );
    const logged = await answer(`log visit "${one!.name}" brought samples`, 'USALES1');
    expect(text(logged)).toMatch(/visit/i);
    expect(blockKitViolations(logged as never)).toEqual([]);
    const stored = await rows<{ n: number }>(
      w.t.database,
      sql`select count(*)::int as n from activities a join customers c on c.id = a.customer_id
          where c.external_id = ${one!.id} and a.salesman_id = ${w.rep1.id} and a.notes = 'brought samples'`,
    );
    expect(stored[0]!.n).toBe(1);

    // Two of the rep's customers share the first word of a name: the bot asks which one.
    const [shared] = await rows<{ word: string }>(
      w.t.database,
      sql`select split_part(name, ' ', 1) as word from customers where salesman_id = ${w.rep1.id}
          group by 1 having count(*) between 2 and 5 order by 1 limit 1`,
    );
    if (!shared) return;
    const choice = await answer(`log call ${shared.word}`, 'USALES1');
    const options = actionValues(choice, 'log_choose_customer');
    expect(options.length).toBeGreaterThan(1);
    const chosen = await click('log_choose_customer', options[0]!.value, 'USALES1');
    expect(text(chosen)).toMatch(/call/i);
    expect(chosen.replace_original).toBe(true);
  });

  it('re-checks the scope of every button: a forged value cannot widen a salesman’s view', async () => {
    const forged = encodeAction({ v: 1, kind: 'page', report: 'churn', q: `churn salesman:${w.rep2.externalId}`, page: 0 });
    const reply = await click('report_page', forged, 'USALES1');
    expect(blockKitViolations(reply as never)).toEqual([]);
    const other = await answer(`churn salesman:${w.rep2.externalId}`, 'UMANAGER');
    const names = actionValues(other, 'report_drill').map((d) => d.label);
    for (const n of names) expect(text(reply)).not.toContain(n);
  });
});
