import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../helpers/fake-slack.js';

describe('the fake Slack speaks the Web API the real client expects', () => {
  const fake = new FakeSlack();
  let client: WebClient;
  beforeAll(async () => {
    await fake.start();
    client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 10 } });
  });
  afterAll(() => fake.stop());

  it('records chat.postMessage with its blocks parsed', async () => {
    const r = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks: [{ type: 'divider' }] });
    expect(r.ok).toBe(true);
    const call = fake.callsTo('chat.postMessage').at(-1)!;
    expect(call.token).toBe('xoxb-test');
    expect(call.args.blocks).toEqual([{ type: 'divider' }]);
  });

  it('implements the three steps of files.uploadV2 and keeps the bytes', async () => {
    const bytes = Buffer.from('\x89PNG fake image bytes');
    await client.filesUploadV2({ channel_id: 'C1', file: bytes, filename: 'chart.png', initial_comment: 'chart' });
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    const complete = fake.callsTo('files.completeUploadExternal')[0]!;
    expect(complete.args.channel_id).toBe('C1');
    const fileId = (complete.args.files as { id: string }[])[0]!.id;
    expect(fake.uploads.get(fileId)!.bytes).toEqual(bytes);
  });

  it('answers 429 with Retry-After, which the client honours before retrying', async () => {
    fake.inject('chat.postMessage', { retryAfter: 1 });
    const started = Date.now();
    const r = await client.chat.postMessage({ channel: 'C2', text: 'again' });
    expect(r.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('injects Slack errors such as channel_not_found', async () => {
    fake.inject('chat.postMessage', { error: 'channel_not_found' });
    await expect(client.chat.postMessage({ channel: 'C404', text: 'x' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
  });

  it('limits a response_url to 5 uses', async () => {
    const url = fake.responseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(url, { method: 'POST', body: JSON.stringify({ text: `r${i}` }) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });
});
