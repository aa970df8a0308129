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

  describe('table blocks, where Slack documents them (attachments, one per message)', () => {
    const table = { type: 'table', rows: [[{ type: 'raw_text', text: 'customer' }], [{ type: 'raw_text', text: 'Acme' }]] };
    it('takes one table in attachments on chat.postMessage, chat.postEphemeral and chat.update', async () => {
      const r = await client.chat.postMessage({ channel: 'C1', text: 'rows', blocks: [{ type: 'divider' }], attachments: [{ blocks: [table] }] as never });
      expect(r.ok).toBe(true);
      expect(fake.callsTo('chat.postMessage').at(-1)!.args.attachments).toEqual([{ blocks: [table] }]);
      await expect(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'rows', attachments: [{ blocks: [table] }] as never })).resolves.toMatchObject({ ok: true });
      await expect(client.chat.update({ channel: 'C1', ts: r.ts!, text: 'rows', attachments: [{ blocks: [table] }] as never })).resolves.toMatchObject({ ok: true });
    });

    it('refuses a table in top-level blocks with invalid_blocks', async () => {
      for (const call of [
        () => client.chat.postMessage({ channel: 'C1', text: 'rows', blocks: [{ type: 'divider' }, table] as never }),
        () => client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'rows', blocks: [table] as never }),
        () => client.chat.update({ channel: 'C1', ts: '1.000001', text: 'rows', blocks: [table] as never }),
      ]) {
        await expect(call()).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
      }
      const r = (await fetch(fake.responseUrl(), { method: 'POST', body: JSON.stringify({ text: 'rows', blocks: [table] }) })) as Response;
      expect(r.status).toBe(404);
      expect(await r.json()).toMatchObject({ error: 'invalid_blocks' });
    });

    it('refuses a second table with invalid_attachments, in one attachment or two', async () => {
      await expect(client.chat.postMessage({ channel: 'C1', text: 'rows', attachments: [{ blocks: [table, table] }] as never })).rejects.toMatchObject({
        data: { error: 'invalid_attachments' },
      });
      await expect(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'rows', attachments: [{ blocks: [table] }, { blocks: [table] }] as never })).rejects.toMatchObject({
        data: { error: 'invalid_attachments' },
      });
      const r = await fetch(fake.responseUrl(), { method: 'POST', body: JSON.stringify({ text: 'rows', attachments: [{ blocks: [table] }, { blocks: [table] }] }) });
      expect(r.status).toBe(404);
      const ok = await fetch(fake.responseUrl(), { method: 'POST', body: JSON.stringify({ text: 'rows', attachments: [{ blocks: [table] }] }) });
      expect(ok.status).toBe(200);
    });
  });

  it('limits a response_url to 5 uses', async () => {
    const url = fake.responseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(url, { method: 'POST', body: JSON.stringify({ text: `r${i}` }) })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  describe('a fresh upload, as real Slack processes it', () => {
    const upload = async () => {
      await client.filesUploadV2({ file: Buffer.from('\x89PNG chart'), filename: 'chart.png' });
      const complete = fake.callsTo('files.completeUploadExternal').at(-1)!;
      return (complete.args.files as { id: string }[])[0]!.id;
    };
    const image = (id: string) => [{ type: 'image', slack_file: { id }, alt_text: 'chart' }];
    afterAll(() => {
      fake.fileReadyAfterMs = 300;
    });

    it('refuses an image block naming it with invalid_blocks until it is ready, in every way a message is sent', async () => {
      fake.fileReadyAfterMs = 400;
      const id = await upload();
      const refused = { data: { error: 'invalid_blocks', errors: ['invalid slack file [json-pointer:/blocks/0/slack_file]'] } };
      await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: image(id) })).rejects.toMatchObject(refused);
      await expect(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'x', blocks: image(id) })).rejects.toMatchObject(refused);
      await expect(client.chat.update({ channel: 'C1', ts: '1.1', text: 'x', blocks: image(id) })).rejects.toMatchObject(refused);
      const url = fake.responseUrl();
      const r = await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'x', blocks: image(id) }) });
      expect(r.status).toBe(404);
      expect(await r.json()).toMatchObject({ ok: false, error: 'invalid_blocks' });
      expect(fake.responses.filter((x) => url.endsWith(x.id))).toHaveLength(0);

      await new Promise((resolve) => setTimeout(resolve, 450));
      await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: image(id) })).resolves.toMatchObject({ ok: true });
      expect((await fetch(url, { method: 'POST', body: JSON.stringify({ text: 'x', blocks: image(id) }) })).status).toBe(200);
    });

    it('shows the file in files.info without mimetype or thumbnails while processing, with them once ready', async () => {
      fake.fileReadyAfterMs = 300;
      const id = await upload();
      const early = await client.files.info({ file: id });
      expect(early.file).toMatchObject({ id, mimetype: '', filetype: '', pretty_type: '' });
      expect(early.file!.thumb_360).toBeUndefined();
      await new Promise((resolve) => setTimeout(resolve, 350));
      const late = await client.files.info({ file: id });
      expect(late.file).toMatchObject({ id, mimetype: 'image/png', filetype: 'png' });
      expect(late.file!.thumb_360).toBeTruthy();
    });

    it('refuses an unknown file id for ever, and files.info says file_not_found', async () => {
      fake.fileReadyAfterMs = 0;
      await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: image('F0NOSUCH') })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
      await expect(client.files.info({ file: 'F0NOSUCH' })).rejects.toMatchObject({ data: { error: 'file_not_found' } });
    });

    it('never readies a file when told so', async () => {
      fake.fileReadyAfterMs = Infinity;
      const id = await upload();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(fake.fileReady(id)).toBe(false);
      await expect(client.chat.postMessage({ channel: 'C1', text: 'x', blocks: image(id) })).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    });
  });

  describe('message metadata and conversations.history, as Slack documents them', () => {
    const meta = (key: string) => ({ event_type: 'sales_bot_delivery', event_payload: { delivery_key: key } });
    const history = (args: Record<string, unknown>) => client.conversations.history(args as never);

    it('keeps chat.postMessage metadata and refuses a malformed one with invalid_metadata_format', async () => {
      const r = await client.chat.postMessage({ channel: 'C0META', text: 'with metadata', metadata: meta('k1') });
      expect(r.ok).toBe(true);
      expect(fake.callsTo('chat.postMessage').at(-1)!.args.metadata).toEqual(meta('k1'));
      expect(fake.messagesIn('C0META').at(-1)).toMatchObject({ ts: r.ts, text: 'with metadata', metadata: meta('k1'), bot_id: 'B0BOT' });
      // the echoed message does not show metadata
      expect((r.message as Record<string, unknown>).metadata).toBeUndefined();
      for (const bad of [{ event_payload: {} }, { event_type: '', event_payload: {} }, { event_type: 'x', event_payload: 'text' }, { event_type: 'x', event_payload: [1] }, { event_type: 7, event_payload: {} }]) {
        await expect(client.chat.postMessage({ channel: 'C0META', text: 'x', metadata: bad as never })).rejects.toMatchObject({ data: { error: 'invalid_metadata_format' } });
      }
      const raw = await fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ channel: 'C0META', text: 'x', metadata: '{not json' }),
      });
      expect(await raw.json()).toMatchObject({ ok: false, error: 'invalid_metadata_format' });
      expect(fake.messagesIn('C0META')).toHaveLength(1);
    });

    it('returns top-level messages newest first, metadata only with include_all_metadata, threads left out', async () => {
      const a = await client.chat.postMessage({ channel: 'C0HIST', text: 'a', metadata: meta('a') });
      await client.chat.postMessage({ channel: 'C0HIST', text: 'reply', thread_ts: a.ts!, metadata: meta('reply') });
      const b = await client.chat.postMessage({ channel: 'C0HIST', text: 'b' });
      const plain = await history({ channel: 'C0HIST' });
      expect(plain.messages!.map((m) => m.text)).toEqual(['b', 'a']);
      expect(plain.messages!.every((m) => m.metadata === undefined)).toBe(true);
      expect(plain).toMatchObject({ ok: true, has_more: false, response_metadata: { next_cursor: '' } });
      const all = await history({ channel: 'C0HIST', include_all_metadata: true });
      expect(all.messages!.map((m) => [m.ts, m.metadata])).toEqual([
        [b.ts, undefined],
        [a.ts, meta('a')],
      ]);
    });

    it('keeps a DM posted to a user id under its D… conversation, as conversations.open names it', async () => {
      const r = await client.chat.postMessage({ channel: 'U0DMTEST', text: 'dm', metadata: meta('dm') });
      expect(r.channel).toBe('D0DMTEST');
      const open = await client.conversations.open({ users: 'U0DMTEST' });
      const h = await history({ channel: open.channel!.id, include_all_metadata: true });
      expect(h.messages!.map((m) => m.metadata)).toEqual([meta('dm')]);
      await expect(history({ channel: 'U0DMTEST' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
    });

    it('honours oldest, latest, inclusive, limit and cursor', async () => {
      const ts: string[] = [];
      for (let i = 0; i < 7; i++) ts.push((await client.chat.postMessage({ channel: 'C0PAGE', text: `m${i}` })).ts!);
      const texts = (r: { messages?: { text?: string }[] }) => r.messages!.map((m) => m.text);
      expect(texts(await history({ channel: 'C0PAGE', oldest: ts[4] }))).toEqual(['m6', 'm5']);
      expect(texts(await history({ channel: 'C0PAGE', oldest: ts[4], inclusive: true }))).toEqual(['m6', 'm5', 'm4']);
      expect(texts(await history({ channel: 'C0PAGE', latest: ts[2] }))).toEqual(['m1', 'm0']);
      expect(texts(await history({ channel: 'C0PAGE', oldest: ts[1], latest: ts[4], inclusive: true }))).toEqual(['m4', 'm3', 'm2', 'm1']);
      const first = await history({ channel: 'C0PAGE', limit: 3 });
      expect(texts(first)).toEqual(['m6', 'm5', 'm4']);
      expect(first.has_more).toBe(true);
      const second = await history({ channel: 'C0PAGE', limit: 3, cursor: first.response_metadata!.next_cursor });
      expect(texts(second)).toEqual(['m3', 'm2', 'm1']);
      const third = await history({ channel: 'C0PAGE', limit: 3, cursor: second.response_metadata!.next_cursor });
      expect(texts(third)).toEqual(['m0']);
      expect([third.has_more, third.response_metadata!.next_cursor]).toEqual([false, '']);
      await expect(history({ channel: 'C0PAGE', cursor: 'bm90IGEgY3Vyc29y' })).rejects.toMatchObject({ data: { error: 'invalid_cursor' } });
      await expect(history({ channel: 'C0PAGE', oldest: 'yesterday' })).rejects.toMatchObject({ data: { error: 'invalid_ts_oldest' } });
    });

    it('refuses what Slack refuses: no channel, a channel the bot is not in, a missing *:history scope', async () => {
      await expect(history({})).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
      fake.notMemberOf.set('C0PUBLIC', 'public');
      fake.notMemberOf.set('G0PRIVATE', 'private');
      await expect(history({ channel: 'C0PUBLIC' })).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
      await expect(history({ channel: 'G0PRIVATE' })).rejects.toMatchObject({ data: { error: 'channel_not_found' } });
      fake.notMemberOf.clear();
      const granted = fake.scopes;
      fake.scopes = new Set([...granted].filter((s) => s !== 'im:history'));
      try {
        await expect(history({ channel: 'D0DMTEST' })).rejects.toMatchObject({ data: { error: 'missing_scope', needed: 'im:history' } });
        await expect(history({ channel: 'C0HIST' })).resolves.toMatchObject({ ok: true });
      } finally {
        fake.scopes = granted;
      }
    });

    it('rate-limits it like the other methods: injected 429s and a per-minute tier limit with Retry-After', async () => {
      const strict = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
      fake.inject('conversations.history', { retryAfter: 3 });
      await expect(strict.conversations.history({ channel: 'C0HIST' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 3 });
      await expect(strict.conversations.history({ channel: 'C0HIST' })).resolves.toMatchObject({ ok: true });
      fake.methodRateLimits.set('conversations.history', { perMinute: 2 });
      try {
        await strict.conversations.history({ channel: 'C0HIST' });
        await strict.conversations.history({ channel: 'C0HIST' });
        const limited = await strict.conversations.history({ channel: 'C0HIST' }).catch((e: unknown) => e);
        expect(limited).toMatchObject({ code: 'slack_webapi_rate_limited_error' });
        expect((limited as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);
        // other methods are not counted against it
        await expect(strict.chat.postMessage({ channel: 'C0HIST', text: 'still fine' })).resolves.toMatchObject({ ok: true });
      } finally {
        fake.methodRateLimits.clear();
      }
    });
  });
});
