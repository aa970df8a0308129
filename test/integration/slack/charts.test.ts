import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeAction } from '../../../src/slack/parse/action-value.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { actionValues, imageFileId, text, type Msg } from './message-parts.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
/** The answer's table block, which rides in its one attachment (and stays there when the chart cannot). */
const tableOf = (m: Msg) => ((m.attachments as { blocks?: { type: string }[] }[] | undefined) ?? []).flatMap((a) => a.blocks ?? []).find((b) => b.type === 'table');

/**
 * Interactive answers with charts over signed HTTP, against a fake Slack that refuses an image block
 * while the upload is still processing (as real Slack does): the answer waits for the file, retries,
 * and otherwise answers in text with the chart shared beside it. Nothing is lost to a chart.
 */
describe('charts in interactive answers survive Slack processing the upload', () => {
  let w: SlackWorld;
  const answerTo = async (commandText: string, n = 1): Promise<Msg[]> => {
    const r = await w.h.command(commandText);
    return w.h.responsesTo(r.responseUrl, n, 30_000);
  };
  /** Files uploaded again and shared into a conversation (the first upload of a chart is never shared). */
  const sharedInto = (channel: string) => w.h.slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === channel);
  const pngOf = (call: { args: Record<string, unknown> }) => w.h.slack.uploads.get((call.args.files as { id: string }[])[0]!.id)!.bytes;

  beforeAll(async () => {
    w = await slackWorld();
    const made = await w.h.command('admin role <@UMANAGER|manager> manager', 'UADMIN');
    await w.h.responsesTo(made.responseUrl);
  }, 120_000);
  beforeEach(() => {
    w.h.slack.reset();
    w.h.slack.fileReadyAfterMs = 300;
  });
  afterAll(() => w?.close());

  describe('a slash command answer (response_url)', () => {
    it('(a) waits for the file with files.info, then answers with the chart', async () => {
      w.h.slack.fileReadyAfterMs = 900;
      const [answer] = await answerTo('rfm');
      const id = imageFileId(answer!);
      expect(id).toBeDefined();
      expect(w.h.slack.fileReady(id!)).toBe(true);
      expect(w.h.slack.callsTo('files.info').length).toBeGreaterThanOrEqual(2);
      expect(blockKitViolations(answer as never)).toEqual([]);
    });

    it('(b) a file that never becomes ready: the same answer in text, the chart in the asker’s DM (not the channel)', async () => {
      w.h.slack.fileReadyAfterMs = Infinity;
      const [answer] = await answerTo('rfm');
      expect(answer!.response_type).toBe('ephemeral');
      expect(answer!.replace_original).toBe(true);
      expect(imageFileId(answer!)).toBeUndefined();
      expect(text(answer!)).toMatch(/RFM/);
      expect(text(answer!)).toMatch(/sent it to you in a direct message/);
      expect(blockKitViolations(answer as never)).toEqual([]);
      expect(tableOf(answer!)).toBeDefined();
      await w.h.slack.waitFor(() => sharedInto('DMANAGER').length > 0);
      expect(pngOf(sharedInto('DMANAGER')[0]!).subarray(0, 4).equals(PNG)).toBe(true);
      expect(sharedInto('C0SALES')).toEqual([]);
    });

    it('(c) files.info rate limited: still answered (text, chart by DM)', async () => {
      w.h.slack.fileReadyAfterMs = Infinity;
      w.h.slack.inject('files.info', { retryAfter: 30, times: 50 });
      const [answer] = await answerTo('rfm');
      expect(imageFileId(answer!)).toBeUndefined();
      expect(text(answer!)).toMatch(/RFM/);
      await w.h.slack.waitFor(() => sharedInto('DMANAGER').length > 0);
    });

    it('(c) files.info refused (no files:read scope): the post is retried and shows the chart once Slack has it', async () => {
      w.h.slack.fileReadyAfterMs = 500;
      w.h.slack.inject('files.info', { error: 'missing_scope', times: 50 });
      const [answer] = await answerTo('rfm');
      expect(imageFileId(answer!)).toBeDefined();
    });

    it('`public`: the answer goes in the channel, the chart into the channel, and the Crunching note is replaced', async () => {
      w.h.slack.fileReadyAfterMs = Infinity;
      const [answer, note] = await answerTo('rfm public', 2);
      expect(answer!.response_type).toBe('in_channel');
      expect(imageFileId(answer!)).toBeUndefined();
      expect(text(answer!)).toMatch(/it follows as a file/);
      await w.h.slack.waitFor(() => sharedInto('C0SALES').length > 0);
      expect(pngOf(sharedInto('C0SALES')[0]!).subarray(0, 4).equals(PNG)).toBe(true);
      expect(note).toMatchObject({ response_type: 'ephemeral', replace_original: true });
      expect(text(note!)).toMatch(/Posted the rfm answer/);
      expect(text(note!)).not.toMatch(/Crunching/);
    });

    it('`public` with a chart ready in time: one answer with the image, then the note replaced', async () => {
      const [answer, note] = await answerTo('rfm public', 2);
      expect(answer!.response_type).toBe('in_channel');
      expect(imageFileId(answer!)).toBeDefined();
      expect(note!.replace_original).toBe(true);
      expect(text(note!)).not.toMatch(/Crunching/);
    });
  });

  describe('the Share to channel button', () => {
    const share = async (): Promise<Msg> => {
      const [first] = await answerTo('rfm');
      const [button] = actionValues(first!, 'report_share');
      w.h.slack.reset();
      return { value: button!.value } as Msg;
    };
    const click = async (value: string): Promise<Msg> => {
      const r = await w.h.click({ action_id: 'report_share', value });
      expect(r.status).toBe(200);
      return (await w.h.responsesTo(r.responseUrl!, 1, 30_000))[0]!;
    };

    it('(a) shares with the chart once the new upload is ready', async () => {
      const { value } = await share();
      w.h.slack.fileReadyAfterMs = 900;
      const shared = await click(String(value));
      expect(shared.response_type).toBe('in_channel');
      expect(w.h.slack.fileReady(imageFileId(shared)!)).toBe(true);
    });

    it('(b) never ready: shares the text in the channel and the chart into the channel beside it', async () => {
      const { value } = await share();
      w.h.slack.fileReadyAfterMs = Infinity;
      const shared = await click(String(value));
      expect(shared.response_type).toBe('in_channel');
      expect(imageFileId(shared)).toBeUndefined();
      expect(text(shared)).toMatch(/RFM/);
      expect(tableOf(shared)).toBeDefined();
      await w.h.slack.waitFor(() => sharedInto('C0SALES').length > 0);
      expect(pngOf(sharedInto('C0SALES')[0]!).subarray(0, 4).equals(PNG)).toBe(true);
    });

    it('(c) files.info failing: still shared', async () => {
      const { value } = await share();
      w.h.slack.fileReadyAfterMs = Infinity;
      w.h.slack.inject('files.info', { error: 'internal_error', times: 50 });
      const shared = await click(String(value));
      expect(shared.response_type).toBe('in_channel');
      expect(text(shared)).toMatch(/RFM/);
      await w.h.slack.waitFor(() => sharedInto('C0SALES').length > 0);
    });
  });

  describe('a report opened from App Home (chat.postMessage to the DM)', () => {
    const open = async () => {
      const r = await w.h.click({ action_id: 'report_open', value: encodeAction({ v: 1, kind: 'report', report: 'rfm', q: 'rfm' }) }, 'UMANAGER', { container: 'view' });
      expect(r.status).toBe(200);
    };
    const accepted = () => w.h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DMANAGER' && !JSON.stringify(c.args.blocks).includes('slack_file'));

    it('(a) posts the report with its chart once the upload is ready', async () => {
      w.h.slack.fileReadyAfterMs = 700;
      await open();
      await w.h.slack.waitFor(() => w.h.slack.callsTo('chat.postMessage').length > 0, 20_000);
      const [post] = w.h.slack.callsTo('chat.postMessage');
      expect(w.h.slack.fileReady(imageFileId(post!.args)!)).toBe(true);
      expect(w.h.slack.callsTo('chat.postMessage')).toHaveLength(1);
    });

    it('(b) never ready: the report in the DM as text, the chart in its thread', async () => {
      w.h.slack.fileReadyAfterMs = Infinity;
      await open();
      await w.h.slack.waitFor(() => accepted().length > 0, 20_000);
      expect(JSON.stringify(accepted()[0]!.args.blocks)).toMatch(/it is in the thread/);
      expect(tableOf(accepted()[0]!.args)).toBeDefined();
      await w.h.slack.waitFor(() => sharedInto('DMANAGER').some((c) => c.args.thread_ts));
    });
  });
});
