import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSubscription } from '../../../src/db/queries/subscriptions.js';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import { createWebPoster, destinationAdvice, SlackSendError } from '../../../src/slack/web-poster.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import type { TestDatabase } from '../../helpers/services.js';
import { BOT_TOKEN } from '../../helpers/slack-harness.js';
import { databaseWith, fakeSlack, freshSales, postsTo, posterFor, silentLog, subscription, jobSettings } from '../jobs/jobs-setup.js';

const digest = { text: 'Weekly digest', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Weekly digest' } }] };

/**
 * Scheduled posts go to channels the bot was never invited to. With chat:write.public (manifest.yml) a
 * public channel just works; a private one cannot be joined by any bot scope, so the owner is told to invite.
 */
describe('posting digests to channels the bot is not in', () => {
  const slack = new FakeSlack();
  beforeAll(async () => {
    await slack.start();
    slack.notMemberOf.set('CPUBLIC', 'public');
    slack.notMemberOf.set('GPRIVATE', 'private');
  });
  afterAll(() => slack.stop());

  const poster = () => createWebPoster({ token: BOT_TOKEN, apiUrl: slack.apiUrl, pacer: { acquire: async () => {} } });

  it('posts to a public channel without an invite, thanks to chat:write.public', async () => {
    expect(slack.scopes.has('chat:write.public')).toBe(true);
    await expect(poster().post('CPUBLIC', digest)).resolves.toMatchObject({ channel: 'CPUBLIC' });
  });

  it('would need an invite without chat:write.public (why the manifest asks for it)', async () => {
    const granted = slack.scopes;
    slack.scopes = new Set([...granted].filter((s) => s !== 'chat:write.public'));
    try {
      await expect(poster().post('CPUBLIC', digest)).rejects.toMatchObject({ slackError: 'not_in_channel', permanent: true });
    } finally {
      slack.scopes = granted;
    }
  });

  it('tells the owner to invite the bot to a private channel', async () => {
    const err = await poster().post('GPRIVATE', digest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SlackSendError);
    expect((err as SlackSendError).targetProblem).toBe(true);
    expect(destinationAdvice((err as SlackSendError).slackError, '<#GPRIVATE>', 7)).toMatch(/\/invite @sales-bot.*\/sales resume 7/);
  });
});

describe('a scheduled digest to channels the bot was never invited to', () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  let runner: InProcessRunner;
  beforeAll(async () => {
    t = await databaseWith(freshSales());
    slack = await fakeSlack();
    slack.notMemberOf.set('CPUBLIC', 'public');
    slack.notMemberOf.set('GPRIVATE', 'private');
    runner = createInProcessRunner({ database: t.database, slack: posterFor(slack), log: silentLog(), settings: jobSettings({ staleAfterHours: 24 * 60 }), charts: false, backoffMs: 10 });
  }, 120_000);
  afterAll(async () => {
    await slack?.stop();
    await t?.drop();
  });
  const run = (subscriptionId: number, key: string) => runner.run('subscription-run', { subscriptionId, runKey: key, trigger: 'manual' }, key);

  it('arrives in a public channel with no invite', async () => {
    const sub = await subscription(t.database, { kind: 'digest', subject: null, target: 'CPUBLIC' });
    const results = await run(sub.id, 'pub1');
    expect(results.map((r) => r.error)).toEqual(results.map(() => undefined));
    expect(postsTo(slack, 'CPUBLIC')).toHaveLength(1);
    expect((await findSubscription(t.database, sub.id))!.paused).toBe(false);
  });

  it('for a private channel: paused, and the owner is told to /invite the bot and resume', async () => {
    const sub = await subscription(t.database, { kind: 'digest', subject: null, target: 'GPRIVATE' });
    const results = await run(sub.id, 'priv1');
    expect(results.some((r) => r.error)).toBe(true);
    expect((await findSubscription(t.database, sub.id))!.paused).toBe(true);
    const notice = JSON.stringify(postsTo(slack, 'U0ADMIN').at(-1)!.args);
    expect(notice).toContain('/invite @sales-bot');
    expect(notice).toContain(`/sales resume ${sub.id}`);
  });
});
