import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { SlackRefusal, type OutgoingMessage, type PostedMessage, type SlackPoster } from '../services/delivery/slack-poster.js';
import { refusalNamesOtherBlocks, sendWithImages, type FileState, type ImageWait } from './image-delivery.js';
import { messageFields } from './message-fields.js';

/**
 * Slack errors meaning the destination itself is wrong (deleted, archived, bot not invited): the
 * subscription's owner is told what to do. They and the rest of PERMANENT_ERRORS never go away by retrying.
 */
export const TARGET_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'channel_is_archived',
  'user_not_found',
  'user_not_visible',
  'account_inactive',
  'cannot_dm_bot',
  'messages_tab_disabled',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'ekm_access_denied',
]);

const PERMANENT_ERRORS = new Set([
  ...TARGET_ERRORS,
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'not_allowed_token_type',
  'invalid_blocks',
  'invalid_blocks_format',
  // A message's table is refused this way when it breaks Slack's one-table-per-message rule.
  'invalid_attachments',
  'msg_too_long',
  'msg_blocks_too_long',
  'no_text',
  'invalid_arguments',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'file_not_found',
]);

/**
 * A failed Slack call, classified: `permanent` (retrying cannot help), `retryAfterMs` (rate limited:
 * try again after that long), or neither (transient: network, 5xx, internal_error → retry with backoff).
 * It is the port's SlackRefusal, so the delivery service can act on it without importing this module.
 */
export class SlackSendError extends SlackRefusal {
  readonly slackError: string;
  readonly permanent: boolean;
  readonly retryAfterMs: number | undefined;
  /** The destination is the problem (see TARGET_ERRORS): tell the subscription owner. */
  readonly targetProblem: boolean;
  /** Slack's `errors` list, when it gives one (invalid_blocks names the refused blocks). */
  readonly details: readonly string[] | undefined;

  constructor(method: string, slackError: string, opts: { permanent: boolean; retryAfterMs?: number; cause?: unknown; details?: readonly string[] }) {
    super(`Slack ${method} failed: ${slackError}`, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'SlackSendError';
    this.slackError = slackError;
    this.permanent = opts.permanent;
    this.retryAfterMs = opts.retryAfterMs;
    this.targetProblem = TARGET_ERRORS.has(slackError);
    this.details = opts.details;
  }
}

/** Reads an error from @slack/web-api into a {@link SlackSendError}. */
export function classifySlackError(method: string, e: unknown): SlackSendError {
  if (e instanceof SlackSendError) return e;
  const code = (e as { code?: string }).code;
  if (code === webApi.ErrorCode.RateLimitedError) {
    const seconds = Number((e as { retryAfter?: number }).retryAfter ?? 1);
    return new SlackSendError(method, 'ratelimited', { permanent: false, retryAfterMs: Math.max(1, seconds) * 1000, cause: e });
  }
  if (code === webApi.ErrorCode.PlatformError) {
    const data = (e as { data?: { error?: string; errors?: unknown } }).data;
    const error = String(data?.error ?? 'unknown_error');
    if (error === 'ratelimited') return new SlackSendError(method, error, { permanent: false, retryAfterMs: 1000, cause: e });
    const details = Array.isArray(data?.errors) ? data.errors.map(String) : undefined;
    return new SlackSendError(method, error, { permanent: PERMANENT_ERRORS.has(error), cause: e, ...(details ? { details } : {}) });
  }
  if (code === webApi.ErrorCode.HTTPError) {
    const status = Number((e as { statusCode?: number }).statusCode ?? 0);
    // 4xx other than 429 will fail the same way again; 5xx and proxies' hiccups may not.
    return new SlackSendError(method, `http_${status}`, { permanent: status >= 400 && status < 500 && status !== 408, cause: e });
  }
  return new SlackSendError(method, code === webApi.ErrorCode.RequestError ? 'request_failed' : (e as Error)?.message || 'unknown_error', {
    permanent: false,
    cause: e,
  });
}

/**
 * What the owner of a subscription should do when Slack refuses its destination, as one mrkdwn
 * sentence for a DM. `where` is how to name the destination (e.g. `<#C123>`).
 */
export function destinationAdvice(slackError: string, where: string, subscriptionId: number | null): string {
  const resume = subscriptionId === null ? '' : ` then \`/sales resume ${subscriptionId}\``;
  const drop = subscriptionId === null ? '' : ` or remove it with \`/sales unsubscribe ${subscriptionId}\``;
  switch (slackError) {
    case 'not_in_channel':
      return `I am not a member of ${where}. Invite me there (type \`/invite @sales-bot\` in the channel),${resume}.`;
    case 'channel_not_found':
      return `I cannot find ${where}: it was deleted, or it is private and I was never invited. Invite me,${resume},${drop}.`;
    case 'is_archived':
    case 'channel_is_archived':
      return `${where} is archived. Unarchive it${resume ? ` and${resume.replace(' then', '')}` : ''}${drop}.`;
    case 'user_not_found':
    case 'user_not_visible':
    case 'account_inactive':
      return `I cannot reach ${where}: the person has left the workspace or is deactivated${drop}.`;
    case 'messages_tab_disabled':
    case 'cannot_dm_bot':
      return `${where} cannot receive direct messages from me (the app's Messages tab is off)${drop}.`;
    default:
      return `Slack refused to post in ${where} (${slackError}). Check the channel's posting permissions${resume}${drop}.`;
  }
}

/** Spaces messages to one conversation: Slack allows about one chat.postMessage per second per channel. */
export interface ChannelPacer {
  /** Resolves when a message may be posted to `channel` now (and books that slot). */
  acquire(channel: string): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A pacer for one process (in-process runs, tests); workers share a Redis one (src/jobs/channel-pacer.ts). */
export function memoryPacer(intervalMs = 1000): ChannelPacer {
  const next = new Map<string, number>();
  return {
    async acquire(channel) {
      const now = Date.now();
      const slot = Math.max(now, next.get(channel) ?? 0);
      next.set(channel, slot + intervalMs);
      if (next.size > 10_000) for (const [k, t] of next) if (t < now) next.delete(k);
      if (slot > now) await sleep(slot - now);
    },
  };
}

export interface WebPosterOptions {
  token: string;
  /** SLACK_API_URL, ending in a slash. */
  apiUrl: string;
  pacer?: ChannelPacer;
  /**
   * Paces the Tier 3 reads of a retried delivery (conversations.open, conversations.history) under one
   * key; default `pacer` (about one a second across the workers sharing it).
   */
  readPacer?: ChannelPacer;
  log?: Logger;
  /** Per-request timeout; a hung Slack must not hold a job forever. */
  timeoutMs?: number;
  /** How long a post waits for its freshly uploaded chart (see image-delivery.ts). */
  imageWait?: ImageWait;
}

/** conversations.history page size and pages read when looking for an earlier post (at most 200 messages). */
const HISTORY_PAGE = 100;
const HISTORY_PAGES = 2;
/**
 * The pacer key of the Tier 3 reads (conversations.history, conversations.open): about one a second
 * across every worker; they only happen when a delivery is retried after a crash. A 429 still delays
 * just that job (worker.ts), as for posts.
 */
const TIER3_PACE_KEY = 'api:tier3';

/** Uploaded images kept until a message shows them, to share them in its thread if Slack refuses the block. */
const KEPT_IMAGES = 50;

/**
 * The Slack sender of scheduled jobs (the delivery service's SlackPoster port): a WebClient on SLACK_API_URL that does not retry on its own (the
 * job queue does, with backoff) and does not sleep on 429 (it reports Retry-After, so the queue can delay
 * that one job instead of pausing every request of the process), with posts paced per channel.
 */
export function createWebPoster(opts: WebPosterOptions): SlackPoster {
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 30_000,
    logLevel: webApi.LogLevel.ERROR,
  });
  const pacer = opts.pacer ?? memoryPacer();
  const readPacer = opts.readPacer ?? pacer;
  const call = async <T>(method: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (e) {
      const err = classifySlackError(method, e);
      opts.log?.debug({ method, slackError: err.slackError, permanent: err.permanent, retryAfterMs: err.retryAfterMs }, 'Slack call failed');
      throw err;
    }
  };
  const images = new Map<string, { bytes: Buffer; filename: string; title: string }>();
  const fileState = async (fileId: string): Promise<FileState> => {
    try {
      const r = await client.files.info({ file: fileId });
      return r.file?.mimetype ? 'ready' : 'processing';
    } catch (e) {
      if (classifySlackError('files.info', e).slackError === 'file_not_found') return 'missing';
      throw e;
    }
  };
  /** A refused image is shared into the message's thread (a second upload: the first one was never shared). */
  const shareInThread = async (sent: PostedMessage, fileIds: readonly string[]) => {
    for (const id of fileIds) {
      const image = images.get(id);
      if (!image) throw new Error(`no bytes kept for ${id}`);
      await call('files.uploadV2', () =>
        client.files.uploadV2({ channel_id: sent.channel, thread_ts: sent.ts, file: image.bytes, filename: image.filename, title: image.title }),
      );
    }
  };
  const withImages = <T>(send: (m: OutgoingMessage) => Promise<T>, posted: (sent: T) => PostedMessage) => ({
    send,
    fileState,
    mayBeImageRefusal: (e: unknown) => e instanceof SlackSendError && e.slackError === 'invalid_blocks' && !refusalNamesOtherBlocks(e.details),
    shareImages: (sent: T, ids: readonly string[]) => shareInThread(posted(sent), ids),
    fallbackNote: 'The chart is in the thread below: Slack was still processing it when this message went out.',
    wait: opts.imageWait,
    log: opts.log,
  });
  const forget = (blocks: readonly unknown[]) => {
    for (const b of blocks as { slack_file?: { id?: string } }[]) if (b?.slack_file?.id) images.delete(b.slack_file.id);
  };
  return {
    async post(channel, message, o) {
      const postOnce = async (m: OutgoingMessage): Promise<PostedMessage> => {
        await pacer.acquire(channel);
        const r = await call('chat.postMessage', () =>
          client.chat.postMessage({
            channel,
            ...messageFields(m),
            unfurl_links: false,
            unfurl_media: false,
            ...(o?.threadTs ? { thread_ts: o.threadTs } : {}),
            ...(o?.metadata ? { metadata: o.metadata } : {}),
          }),
        );
        if (!r.ts) throw new SlackSendError('chat.postMessage', 'no_ts_returned', { permanent: false });
        return { channel: r.channel ?? channel, ts: r.ts };
      };
      // A refused chart of a thread reply goes into the same thread, not a thread under the reply.
      const out = await sendWithImages(message, withImages(postOnce, (p) => ({ channel: p.channel, ts: o?.threadTs ?? p.ts })));
      forget(message.blocks);
      return out.sent;
    },
    async findPosted(channel, query) {
      let conversation = channel;
      if (/^[UW]/.test(channel)) {
        // A DM was posted to the user id; its history is under the D… conversation Slack opened for it.
        await readPacer.acquire(TIER3_PACE_KEY);
        const opened = await call('conversations.open', () => client.conversations.open({ users: channel }));
        if (!opened.channel?.id) throw new SlackSendError('conversations.open', 'no_channel_returned', { permanent: false });
        conversation = opened.channel.id;
      }
      // Slack's ts is seconds with microseconds; a second earlier covers a rounded-down claim time.
      const oldest = (Math.floor(query.oldest.getTime() / 1000) - 1).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        await readPacer.acquire(TIER3_PACE_KEY);
        const r = await call('conversations.history', () =>
          client.conversations.history({ channel: conversation, oldest, limit: HISTORY_PAGE, include_all_metadata: true, ...(cursor ? { cursor } : {}) }),
        );
        const hit = (r.messages ?? []).find(
          (m) => m.metadata?.event_type === query.eventType && (m.metadata.event_payload as Record<string, unknown> | undefined)?.delivery_key === query.deliveryKey,
        );
        if (hit?.ts) return { channel: conversation, ts: hit.ts };
        cursor = r.response_metadata?.next_cursor || undefined;
        if (!r.has_more || !cursor) return undefined;
      }
      return undefined;
    },
    async update(channel, ts, message) {
      const updateOnce = async (m: OutgoingMessage) => {
        await call('chat.update', () => client.chat.update({ channel, ts, ...messageFields(m, { replacing: true }) }));
      };
      await sendWithImages(message, withImages(updateOnce, () => ({ channel, ts })));
      forget(message.blocks);
    },
    async uploadImage(file) {
      const r = await call('files.uploadV2', () => client.files.uploadV2({ file: file.bytes, filename: file.filename, title: file.title }));
      const id = (r as { files?: { files?: { id?: string }[] }[] }).files?.[0]?.files?.[0]?.id;
      if (!id) throw new SlackSendError('files.uploadV2', 'no_file_id', { permanent: false });
      images.set(id, file);
      if (images.size > KEPT_IMAGES) images.delete(images.keys().next().value!);
      return id;
    },
    async userTimeZone(userId) {
      try {
        const r = await client.users.info({ user: userId });
        return r.user?.tz ?? undefined;
      } catch {
        return undefined;
      }
    },
    async userInfo(userId) {
      try {
        const r = await call('users.info', () => client.users.info({ user: userId }));
        return r.user?.id ? { id: r.user.id, tz: r.user.tz ?? undefined, deleted: r.user.deleted === true } : undefined;
      } catch (e) {
        if (e instanceof SlackSendError && (e.slackError === 'user_not_found' || e.slackError === 'user_not_visible')) return undefined;
        throw e;
      }
    },
    async userByEmail(email) {
      try {
        const r = await call('users.lookupByEmail', () => client.users.lookupByEmail({ email }));
        return r.user?.id ? { id: r.user.id, tz: r.user.tz ?? undefined, deleted: r.user.deleted === true } : undefined;
      } catch (e) {
        if (e instanceof SlackSendError && e.slackError === 'users_not_found') return undefined;
        throw e;
      }
    },
  };
}
