import { webApi, type RespondArguments, type RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackClient } from '../actor.js';
import { sendWithImages, type FileState, type ImageMessage, type ImageWait } from '../image-delivery.js';
import { messageFields } from '../message-fields.js';
import { classifySlackError } from '../web-poster.js';
import type { ReportAnswer } from './report-answer.js';

/** What the interactive answers need to wait for a chart, and to share it when Slack will not show it. */
export interface ChartDeliveryDeps {
  client: SlackClient;
  log: Logger;
  wait?: ImageWait | undefined;
}

const pollers = new WeakMap<SlackClient, webApi.WebClient>();

/**
 * A client for files.info polling only. Not the app's own: on a 429 the WebClient pauses its whole
 * request queue for Retry-After, so a rate-limited poll would hold every answer of the process. This
 * one rejects rate-limited calls at once and never retries (the poll loop decides what comes next).
 */
function pollerFor(client: SlackClient): webApi.WebClient {
  let poller = pollers.get(client);
  if (!poller) {
    poller = new webApi.WebClient(client.token, {
      slackApiUrl: client.slackApiUrl,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: 5000,
      logLevel: webApi.LogLevel.ERROR,
    });
    pollers.set(client, poller);
  }
  return poller;
}

/** files.info of one file. */
function fileStateVia(client: SlackClient) {
  const poller = pollerFor(client);
  return async (fileId: string): Promise<FileState> => {
    try {
      const r = await poller.files.info({ file: fileId });
      return r.file?.mimetype ? 'ready' : 'processing';
    } catch (e) {
      if (classifySlackError('files.info', e).slackError === 'file_not_found') return 'missing';
      throw e;
    }
  };
}

/** Whether a Web API failure may be Slack refusing the image block (invalid_blocks naming a slack_file, or naming nothing). */
function webApiImageRefusal(e: unknown): boolean {
  const err = classifySlackError('chat.postMessage', e);
  if (err.slackError !== 'invalid_blocks') return false;
  return !err.details || err.details.length === 0 || err.details.some((d) => d.includes('slack_file'));
}

/**
 * Bolt's respond() reports a refused response_url post only by its HTTP status (real Slack answers a
 * bad block with 404 and a JSON error it does not read), so any 4xx may be the image; the text-only
 * retry then tells: if that fails too, its error is the real one.
 */
function respondImageRefusal(e: unknown): boolean {
  const status = (e as { code?: string; statusCode?: number }).code === 'slack_bolt_respond_error' ? Number((e as { statusCode?: number }).statusCode) : 0;
  return status >= 400 && status < 500;
}

/** Uploads the chart again, shared into a conversation (and thread); a file's first upload was never shared. */
async function shareChart(client: SlackClient, answer: ReportAnswer, where: { channel: string; threadTs?: string | undefined }, comment?: string) {
  const image = answer.image;
  if (!image) return;
  const file = { file: image.bytes, filename: image.filename, title: image.title, ...(comment ? { initial_comment: comment } : {}) };
  if (where.threadTs) await client.files.uploadV2({ channel_id: where.channel, thread_ts: where.threadTs, ...file });
  else await client.files.uploadV2({ channel_id: where.channel, ...file });
}

/** The person's DM with the bot: where a private answer's chart goes when Slack will not show it in the answer. */
async function shareChartByDm(client: SlackClient, answer: ReportAnswer, userId: string) {
  const dm = await client.conversations.open({ users: userId });
  if (!dm.channel?.id) throw new Error('conversations.open returned no channel');
  await shareChart(client, answer, { channel: dm.channel.id }, `${answer.image?.title ?? 'Chart'}: the chart of the answer I just gave you.`);
}

/**
 * Answers through response_url. A chart Slack is still processing is waited for (files.info) and the
 * post retried; if Slack still refuses it, the answer goes as text and the chart follows as a file: into
 * the channel (and thread) for an `in_channel` answer, or to the asker's DM for an ephemeral one, so a
 * private answer's chart is never shown to the channel. Falls back to the DM when the channel refuses it.
 */
export async function respondWithChart(
  d: ChartDeliveryDeps,
  respond: RespondFn,
  answer: ReportAnswer,
  reply: Pick<RespondArguments, 'response_type' | 'replace_original'>,
  where: { userId: string; channel?: string | undefined; threadTs?: string | undefined },
): Promise<void> {
  const inChannel = reply.response_type === 'in_channel' && where.channel !== undefined;
  await sendWithImages(answer.message as ImageMessage, {
    send: async (m) => {
      await respond({ ...reply, ...(m as RespondArguments) });
    },
    fileState: fileStateVia(d.client),
    mayBeImageRefusal: respondImageRefusal,
    shareImages: async () => {
      if (inChannel) {
        try {
          await shareChart(d.client, answer, { channel: where.channel!, threadTs: where.threadTs });
          return;
        } catch (e) {
          // The bot may not be in the channel (slash commands and response_url work without it): DM instead.
          d.log.info({ err: e, channel: where.channel }, 'could not share the chart in the channel; sending it by DM');
        }
      }
      await shareChartByDm(d.client, answer, where.userId);
    },
    fallbackNote: inChannel
      ? 'Slack was still processing the chart when this answer went out; it follows as a file.'
      : 'Slack was still processing the chart when this answer went out; I sent it to you in a direct message.',
    wait: d.wait,
    log: d.log,
  });
}

/** Posts with chat.postMessage (e.g. to the person's DM); a refused chart is shared in the message's thread. */
export async function postWithChart(d: ChartDeliveryDeps, channel: string, answer: ReportAnswer): Promise<void> {
  await sendWithImages(answer.message as ImageMessage, {
    send: async (m) => {
      const r = await d.client.chat.postMessage({ channel, ...messageFields(m) });
      return { channel: r.channel ?? channel, ts: r.ts };
    },
    fileState: fileStateVia(d.client),
    mayBeImageRefusal: webApiImageRefusal,
    shareImages: async (sent) => shareChart(d.client, answer, { channel: sent.channel, threadTs: sent.ts }),
    fallbackNote: 'Slack was still processing the chart when this message went out; it is in the thread.',
    wait: d.wait,
    log: d.log,
  });
}
