import pLimit from 'p-limit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomReportText, randomText, rng } from '../../helpers/fuzz.js';
import { rawSlackPost } from '../../helpers/raw-slack-post.js';
import type { HttpReply } from '../../helpers/slack-harness.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

/**
 * Signed garbage against the real Bolt app over HTTP: random bytes, random JSON, real payloads with one
 * field broken, commands with random text. Whatever arrives, the answer is never a 5xx, nothing escapes
 * as an unhandled error, and a normal command still works afterwards. FUZZ_SEED replays a failure;
 * FUZZ_INPUTS runs a longer soak.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const INPUTS = Number(process.env.FUZZ_INPUTS ?? 2400);

const USERS = ['UADMIN', 'UMANAGER', 'USALES1', 'USALES2', 'UNOBODY', 'UNEVERSEEN'];
const ACTION_IDS = ['report_page', 'report_export', 'report_share', 'report_drill', 'report_open', 'log_choose_customer', 'calls_done', 'calls_remove', 'calls_more', 'alert_snooze', 'alert_handled', 'alert_assign', 'crosssell_call_list', 'nothing_here'];
const KEYS = ['type', 'user', 'id', 'actions', 'action_id', 'value', 'event', 'command', 'text', 'user_id', 'team', 'container', 'channel', 'payload', 'response_url', 'selected_option', '__proto__', 'constructor'];
const COMMAND_WORDS = ['kpi', 'rfm', 'abc', 'churn', 'clv', 'monthly', 'help', 'log', 'visit', 'call', 'subscribe', 'subscriptions', 'unsubscribe', 'pause', 'resume', 'status', 'calls', 'admin', 'role', 'link', 'public', 'daily', 'weekly', 'at', '08:00', 'top', '5', 'customers', 'in', 'last', 'month'];
const ODD_VALUES = ['', ' ', '""', '“”', '-1', '0', '1e309', 'NaN', 'null', '%00', '\u0000', '\u001b[2J', '😀'.repeat(50), 'x'.repeat(5000), "'; drop table customers; --", '<@U1|x>', '../../etc/passwd', '\ud800', 'Infinity', '9'.repeat(40)];

type Next = () => number;

/** encodeURIComponent throws on a lone surrogate; Slack would have sent U+FFFD. */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));

const pick = <T>(next: Next, xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;

function randomJson(next: Next, depth = 0): unknown {
  const r = next();
  if (depth > 3 || r < 0.3) return pick(next, [null, true, false, 0, -1, 1.5, 2 ** 53, '', 'x', randomText(next, 5), [], {}]);
  if (r < 0.55) return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = Math.floor(next() * 5); i > 0; i--) o[pick(next, KEYS)] = randomJson(next, depth + 1);
  if (next() < 0.5) o.type = pick(next, ['block_actions', 'event_callback', 'view_submission', 'shortcut', 'url_verification', 'message_action', 7, null]);
  return o;
}

function randomBytes(next: Next): Buffer {
  const n = Math.floor(next() * 400);
  return Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
}

/** A real command or block_actions payload with one path replaced by something odd or removed. */
function mutate(next: Next, value: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  for (let n = 1 + Math.floor(next() * 2); n > 0; n--) {
    let target: Record<string, unknown> = copy;
    for (;;) {
      const keys = Object.keys(target);
      if (keys.length === 0) break;
      const key = pick(next, keys);
      const child = target[key];
      if (child && typeof child === 'object' && next() < 0.6) {
        target = child as Record<string, unknown>;
        continue;
      }
      if (next() < 0.3) delete target[key];
      else target[key] = next() < 0.5 ? randomJson(next) : pick(next, ODD_VALUES);
      break;
    }
  }
  return copy;
}

function blockAction(next: Next, responseUrl: string): Record<string, unknown> {
  const actionId = pick(next, ACTION_IDS);
  const value = next() < 0.5 ? randomText(next, 8) : pick(next, ODD_VALUES);
  return {
    type: 'block_actions',
    team: { id: 'T0FAKE', domain: 'fake' },
    user: { id: pick(next, USERS), username: 'x', team_id: 'T0FAKE' },
    api_app_id: 'A0APP',
    token: 'legacy',
    trigger_id: '1.2.3',
    container: next() < 0.3 ? { type: 'view', view_id: 'V1' } : { type: 'message', message_ts: '1.1', channel_id: 'C0SALES', is_ephemeral: next() < 0.5 },
    channel: { id: 'C0SALES', name: 'sales' },
    response_url: responseUrl,
    actions: [
      next() < 0.5
        ? { type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1' }
        : { type: 'static_select', action_id: actionId, block_id: 'b', selected_option: { value, text: { type: 'plain_text', text: 'x' } }, action_ts: '1' },
    ],
  };
}

function commandFields(next: Next, text: string, responseUrl: string): Record<string, string> {
  return {
    token: 'legacy',
    team_id: 'T0FAKE',
    channel_id: 'C0SALES',
    user_id: pick(next, USERS),
    command: '/sales',
    text,
    api_app_id: 'A0APP',
    response_url: responseUrl,
    trigger_id: '1.2.3',
  };
}

function shuffledWords(next: Next): string {
  const n = 1 + Math.floor(next() * 8);
  const words = Array.from({ length: n }, () => (next() < 0.75 ? pick(next, COMMAND_WORDS) : `${pick(next, ['region', 'salesman', 'category', 'customer', 'last', 'limit', 'from', 'to', 'as-of', 'min-support'])}:${pick(next, ODD_VALUES)}`));
  return words.join(' ');
}

interface Sent {
  i: number;
  kind: string;
  reply: HttpReply;
}

describe(`signed fuzz against the running app (seed ${SEED}, ${INPUTS} inputs)`, () => {
  let w: SlackWorld;
  const errorLines: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    const log = pino({ level: 'error' }, { write: (line: string) => void errorLines.push(line) });
    w = await slackWorld(600, { log });
  }, 120_000);
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await w?.close();
  });

  it('answers every input with a non-5xx status, leaks no unhandled error, and still serves /sales kpi', async () => {
    const next = rng(SEED);
    const base = w.h.baseUrl;
    const respUrl = () => w.h.slack.responseUrl();
    const inputs: (() => Promise<Sent>)[] = [];
    const kinds: Record<string, number> = {};
    for (let i = 0; i < INPUTS; i++) {
      const r = next();
      let kind: string;
      let send: () => Promise<HttpReply>;
      if (r < 0.2) {
        kind = 'command: random text';
        const fields = commandFields(next, randomText(next, 40), respUrl());
        send = () => rawSlackPost(base, new URLSearchParams(fields).toString());
      } else if (r < 0.3) {
        kind = 'command: report with odd filters';
        const fields = commandFields(next, randomReportText(next, ['kpi', 'rfm', 'abc', 'monthly', 'churn']), respUrl());
        send = () => rawSlackPost(base, new URLSearchParams(fields).toString());
      } else if (r < 0.4) {
        kind = 'command: real words in random order';
        const fields = commandFields(next, shuffledWords(next), respUrl());
        send = () => rawSlackPost(base, new URLSearchParams(fields).toString());
      } else if (r < 0.45) {
        kind = 'command: huge text';
        const fields = commandFields(next, randomText(next, 10).repeat(200 + Math.floor(next() * 2000)), respUrl());
        send = () => rawSlackPost(base, new URLSearchParams(fields).toString());
      } else if (r < 0.55) {
        kind = 'command: a field broken';
        const fields = mutate(next, commandFields(next, shuffledWords(next), respUrl()));
        const form = Object.entries(fields).map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v) ?? '')}`).join('&');
        send = () => rawSlackPost(base, form);
      } else if (r < 0.67) {
        kind = 'block_actions: a field broken';
        const payload = next() < 0.2 ? blockAction(next, respUrl()) : mutate(next, blockAction(next, respUrl()));
        const asJson = next() < 0.3;
        const text = JSON.stringify(payload);
        send = () => rawSlackPost(base, asJson ? text : `payload=${enc(text)}`, asJson ? { contentType: 'application/json' } : {});
      } else if (r < 0.77) {
        kind = 'random JSON';
        const text = JSON.stringify(randomJson(next)) ?? 'null';
        const inForm = next() < 0.5;
        send = () => rawSlackPost(base, inForm ? `payload=${enc(text)}` : text, inForm ? {} : { contentType: 'application/json' });
      } else if (r < 0.85) {
        kind = 'random bytes';
        const bytes = randomBytes(next);
        const contentType = pick(next, ['application/x-www-form-urlencoded', 'application/json', 'text/plain', '', 'application/json; charset=utf-8', 'multipart/form-data']);
        send = () => rawSlackPost(base, bytes, { contentType });
      } else if (r < 0.92) {
        kind = 'event_callback';
        const event = next() < 0.5 ? { type: 'app_home_opened', user: pick(next, [...USERS, 42, null, '']), tab: pick(next, ['home', 'messages', 7]) } : randomJson(next);
        const body = JSON.stringify(mutate(next, { type: 'event_callback', team_id: 'T0FAKE', api_app_id: 'A0APP', event_id: `Ev${i}`, event_time: 1, event: event as never }));
        send = () => rawSlackPost(base, body, { contentType: 'application/json' });
      } else {
        kind = 'form: random fields';
        const form = Array.from({ length: Math.floor(next() * 6) }, () => `${enc(pick(next, KEYS))}=${enc(pick(next, ODD_VALUES))}`).join('&');
        send = () => rawSlackPost(base, form);
      }
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      inputs.push(async () => ({ i, kind, reply: await send() }));
    }
    // Inputs nobody acknowledges (an unknown action id) wait out Bolt's 2.5 s before their 404: run many at once.
    const limit = pLimit(48);
    const t0 = performance.now();
    const sent = await Promise.all(inputs.map((f) => limit(f)));
    const sendMs = performance.now() - t0;
    const byStatus: Record<number, number> = {};
    for (const s of sent) byStatus[s.reply.status] = (byStatus[s.reply.status] ?? 0) + 1;
    console.log(`fuzz seed ${SEED}: ${sent.length} inputs in ${Math.round(sendMs)} ms`, kinds, 'statuses', byStatus);

    const failures = sent.filter((s) => s.reply.status >= 500).map((s) => `#${s.i} ${s.kind} → ${s.reply.status}`);
    expect(failures, `seed ${SEED}`).toEqual([]);

    const after = await w.h.command('kpi', 'UADMIN');
    expect(after.status).toBe(200);
    const [answer] = await w.h.responsesTo(after.responseUrl, 1, 60_000);
    expect(JSON.stringify(answer)).toMatch(/KPI/i);

    expect(unhandled, `seed ${SEED}`).toEqual([]);
    const unhandledLines = errorLines.filter((l) => /unhandled|Slack request guard failed/i.test(l));
    expect(unhandledLines.slice(0, 5), `seed ${SEED}`).toEqual([]);
  }, 240_000);
});
