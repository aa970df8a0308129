import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSlackPost } from '../../helpers/raw-slack-post.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

/** A slash command form body as Slack posts it, minus or plus whatever a case needs. */
function commandForm(fields: Record<string, string | undefined>): string {
  const base: Record<string, string | undefined> = {
    token: 'legacy',
    team_id: 'T0FAKE',
    channel_id: 'C0SALES',
    user_id: 'UMANAGER',
    command: '/sales',
    text: 'kpi',
    api_app_id: 'A0APP',
    response_url: 'http://127.0.0.1:9/never',
    trigger_id: '1.2.3',
    ...fields,
  };
  const kept = Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined);
  return new URLSearchParams(kept).toString();
}

const blockActions = (over: Record<string, unknown>) =>
  JSON.stringify({
    type: 'block_actions',
    team: { id: 'T0FAKE' },
    user: { id: 'UMANAGER' },
    api_app_id: 'A0APP',
    container: { type: 'message', message_ts: '1.1', channel_id: 'C0SALES', is_ephemeral: true },
    actions: [{ type: 'button', action_id: 'report_page', block_id: 'b', value: 'x', action_ts: '1' }],
    ...over,
  });

describe('the receiver refuses malformed signed requests with a 4xx and keeps serving', () => {
  let w: SlackWorld;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    w = await slackWorld(600);
  }, 120_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await w?.close();
  });

  const cases: [string, string, string | undefined][] = [
    ['form payload=null', 'payload=null', undefined],
    ['form payload=7', 'payload=7', undefined],
    ['form payload="text"', 'payload=%22text%22', undefined],
    ['form payload=[]', 'payload=%5B%5D', undefined],
    ['form payload={ (malformed JSON)', 'payload=%7B', undefined],
    ['JSON null', 'null', 'application/json'],
    ['JSON 0', '0', 'application/json'],
    ['JSON array', '[1,2]', 'application/json'],
    ['malformed JSON', '{"type":', 'application/json'],
    ['block_actions without user', blockActions({ user: undefined }), 'application/json'],
    ['block_actions with user: null', `payload=${encodeURIComponent(blockActions({ user: null }))}`, undefined],
    ['block_actions with a numeric user id', `payload=${encodeURIComponent(blockActions({ user: { id: 42 } }))}`, undefined],
    ['block_actions with actions: null', `payload=${encodeURIComponent(blockActions({ actions: null }))}`, undefined],
    ['block_actions with actions: [null]', `payload=${encodeURIComponent(blockActions({ actions: [null] }))}`, undefined],
    ['command without user_id', commandForm({ user_id: undefined }), undefined],
    ['command with an empty user_id', commandForm({ user_id: '' }), undefined],
    ['command with user_id twice', `${commandForm({})}&user_id=USALES1`, undefined],
    ['command with text twice', `${commandForm({})}&text=rfm`, undefined],
    ['form body sent as text/plain', commandForm({}), 'text/plain'],
    ['JSON body sent as text/plain', blockActions({}), 'text/plain'],
    ['no content type', commandForm({}), ''],
    ['event_callback with event: null', JSON.stringify({ type: 'event_callback', team_id: 'T0FAKE', event: null }), 'application/json'],
    ['app_home_opened without user', JSON.stringify({ type: 'event_callback', team_id: 'T0FAKE', event: { type: 'app_home_opened', tab: 'home' } }), 'application/json'],
  ];

  it.each(cases)('%s → 400', async (_name, body, contentType) => {
    const r = await rawSlackPost(w.h.baseUrl, body, contentType === undefined ? {} : { contentType });
    expect(r.status).toBe(400);
  });

  it('a command without user_id never reaches the database or the response_url', async () => {
    w.h.slack.reset();
    const responseUrl = w.h.slack.responseUrl();
    const r = await rawSlackPost(w.h.baseUrl, commandForm({ user_id: undefined, response_url: responseUrl }));
    expect(r.status).toBe(400);
    // The normal command sent afterwards answers; nothing was posted for the refused one.
    const ok = await w.h.command('kpi');
    await w.h.responsesTo(ok.responseUrl);
    expect(w.h.slack.responses.filter((x) => responseUrl.endsWith(x.id))).toEqual([]);
  });

  it('an oversized body is refused before it is read in full', async () => {
    const r = await rawSlackPost(w.h.baseUrl, commandForm({ text: 'x'.repeat(2 * 1024 * 1024) }));
    expect(r.status).toBe(413);
  });

  it('a validly signed request dated more than 5 minutes ahead is refused like a stale one', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await rawSlackPost(w.h.baseUrl, commandForm({ text: 'help' }), { timestamp: now + 6 * 60 })).status).toBe(401);
    expect((await rawSlackPost(w.h.baseUrl, commandForm({ text: 'help' }), { timestamp: now - 6 * 60 })).status).toBe(401);
    // Clock skew within the window is still fine.
    expect((await rawSlackPost(w.h.baseUrl, commandForm({ text: 'help' }), { timestamp: now + 60 })).status).toBe(200);
  });

  it('still answers a normal /sales kpi, and nothing escaped as an unhandled error', async () => {
    const r = await w.h.command('kpi', 'UADMIN');
    expect(r.status).toBe(200);
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(JSON.stringify(answer)).toMatch(/KPI/i);
    expect(unhandled).toEqual([]);
  });
});
