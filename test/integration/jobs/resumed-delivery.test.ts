import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDelivery, findDelivery } from '../../../src/db/queries/deliveries.js';
import { deliverOnce, deliveryMetadata, type DeliverOnceDeps } from '../../../src/services/delivery/deliver-once.js';
import type { SlackPoster } from '../../../src/services/delivery/slack-poster.js';
import { createWebPoster } from '../../../src/slack/web-poster.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import { BOT_TOKEN } from './jobs-setup.js';

/** deliverOnce against the fake Slack: what a delivery retried after a crash does, case by case. */
describe('a delivery claimed by an attempt that never finished', () => {
  let t: TestDatabase;
  const slack = new FakeSlack();
  let poster: SlackPoster;
  const warnings: string[] = [];
  const infos: string[] = [];
  const deps = (): DeliverOnceDeps => ({
    database: t.database,
    slack: poster,
    log: { warn: (_d, m) => void warnings.push(m), info: (_d, m) => void infos.push(m) },
  });
  const message = (text: string) => ({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
  const spec = (key: string, recipient: string) => ({ key, subscriptionId: null, jobName: 'at-risk-dm', recipient });
  const send = (recipient: string) => async (ctx: { metadata: ReturnType<typeof deliveryMetadata>; earlier: { ts: string } | undefined }) => ({
    status: 'sent' as const,
    messageTs: (ctx.earlier ?? (await poster.post(recipient, message('hello'), { metadata: ctx.metadata }))).ts,
  });
  /** What a killed attempt leaves: the row claimed, and (when `posted`) its message in Slack. */
  const crashed = async (key: string, recipient: string, posted: boolean) => {
    await claimDelivery(t.database, { ...spec(key, recipient), idempotencyKey: key });
    return posted ? (await poster.post(recipient, message('hello'), { metadata: deliveryMetadata(key) })).ts : undefined;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    await slack.start();
    poster = createWebPoster({ token: BOT_TOKEN, apiUrl: slack.apiUrl, pacer: { acquire: async () => {} } });
  });
  afterAll(async () => {
    await slack.stop();
    await t.drop();
  });

  it('posts a first attempt with its key in the metadata, without reading any history', async () => {
    const out = await deliverOnce(deps(), spec('k-first', 'U0FIRST'), send('U0FIRST'));
    expect(out).toEqual({ status: 'sent', messageTs: expect.any(String) });
    expect(slack.messagesIn('D0FIRST')).toMatchObject([{ ts: out.messageTs, metadata: deliveryMetadata('k-first') }]);
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
    expect(slack.callsTo('conversations.open')).toHaveLength(0);
  });

  it('finds the DM the killed attempt posted: marks it sent with that ts and posts nothing', async () => {
    const ts = await crashed('k-found', 'U0FOUND', true);
    // other messages of the bot in the same DM do not match
    await poster.post('U0FOUND', message('older'), { metadata: deliveryMetadata('k-other') });
    const before = slack.callsTo('chat.postMessage').length;
    const out = await deliverOnce(deps(), spec('k-found', 'U0FOUND'), send('U0FOUND'));
    expect(out).toEqual({ status: 'sent', messageTs: ts, foundInHistory: true });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(before);
    expect(slack.messagesIn('D0FOUND')).toHaveLength(2);
    expect(await findDelivery(t.database, 'k-found')).toMatchObject({ status: 'sent', messageTs: ts });
    expect(infos).toContain('delivery sent (found in history)');
    const read = slack.callsTo('conversations.history').at(-1)!;
    expect(read.args).toMatchObject({ channel: 'D0FOUND', include_all_metadata: 'true', limit: '100' });
    expect(Number(read.args.oldest)).toBeGreaterThan(Date.now() / 1000 - 600);
  });

  it('records a found message as sent even when the retry would now skip it', async () => {
    const ts = await crashed('k-skip', 'C0SKIP', true);
    const out = await deliverOnce(deps(), spec('k-skip', 'C0SKIP'), async () => ({ status: 'skipped', reason: 'nothing new' }));
    expect(out).toEqual({ status: 'sent', messageTs: ts, foundInHistory: true });
    expect(await findDelivery(t.database, 'k-skip')).toMatchObject({ status: 'sent', messageTs: ts });
  });

  it('posts once when the killed attempt never reached Slack', async () => {
    await crashed('k-lost', 'C0LOST', false);
    const out = await deliverOnce(deps(), spec('k-lost', 'C0LOST'), send('C0LOST'));
    expect(out).toEqual({ status: 'sent', messageTs: expect.any(String) });
    expect(slack.messagesIn('C0LOST')).toHaveLength(1);
  });

  it('looks through a second page, and no further', async () => {
    const ts = await crashed('k-deep', 'C0DEEP', true);
    for (let i = 0; i < 150; i++) await poster.post('C0DEEP', message(`chatter ${i}`));
    const reads = slack.callsTo('conversations.history').length;
    expect(await deliverOnce(deps(), spec('k-deep', 'C0DEEP'), send('C0DEEP'))).toMatchObject({ messageTs: ts, foundInHistory: true });
    expect(slack.callsTo('conversations.history').length - reads).toBe(2);

    // buried under more than two pages: not found, posted again (the window the README names)
    await crashed('k-buried', 'C0BURIED', true);
    for (let i = 0; i < 210; i++) await poster.post('C0BURIED', message(`chatter ${i}`));
    const before = slack.callsTo('conversations.history').length;
    await deliverOnce(deps(), spec('k-buried', 'C0BURIED'), send('C0BURIED'));
    expect(slack.callsTo('conversations.history').length - before).toBe(2);
    expect(slack.messagesIn('C0BURIED').filter((m) => m.metadata?.event_payload.delivery_key === 'k-buried')).toHaveLength(2);
  });

  it('posts again, with a warning, where the bot cannot read the history (a public channel it is not in)', async () => {
    slack.notMemberOf.set('C0OUTSIDE', 'public');
    await crashed('k-outside', 'C0OUTSIDE', true);
    const out = await deliverOnce(deps(), spec('k-outside', 'C0OUTSIDE'), send('C0OUTSIDE'));
    expect(out.status).toBe('sent');
    expect(slack.messagesIn('C0OUTSIDE')).toHaveLength(2);
    expect(warnings).toContain('cannot read the conversation to check for an earlier post; posting again');
  });

  it('leaves the claim pending and reports Retry-After when the history read is rate limited', async () => {
    await crashed('k-limited', 'C0LIMIT', true);
    slack.inject('conversations.history', { retryAfter: 7 });
    const before = slack.callsTo('chat.postMessage').length;
    await expect(deliverOnce(deps(), spec('k-limited', 'C0LIMIT'), send('C0LIMIT'))).rejects.toMatchObject({ slackError: 'ratelimited', retryAfterMs: 7000 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(before);
    expect(await findDelivery(t.database, 'k-limited')).toMatchObject({ status: 'pending' });
    // the job's next attempt finds it
    expect(await deliverOnce(deps(), spec('k-limited', 'C0LIMIT'), send('C0LIMIT'))).toMatchObject({ foundInHistory: true });
    expect(slack.messagesIn('C0LIMIT')).toHaveLength(1);
  });
});
