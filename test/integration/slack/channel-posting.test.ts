import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebPoster, destinationAdvice, SlackSendError } from '../../../src/slack/web-poster.js';
import { FakeSlack } from '../../helpers/fake-slack.js';
import { BOT_TOKEN } from '../../helpers/slack-harness.js';

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
