import type { Logger } from 'pino';
import type { OutgoingMessage } from './message-fields.js';

/**
 * Messages that show an uploaded file as an image block (`slack_file`), delivered so that the file's
 * processing never costs the message.
 *
 * Real Slack processes an upload asynchronously after files.completeUploadExternal: for a while
 * (usually a second or two) an image block naming the file is refused with `invalid_blocks`
 * ("invalid slack file [json-pointer:/blocks/N/slack_file]"), and files.info shows the file with an
 * empty `mimetype`/`filetype` and no thumbnails (python-slack-sdk #1658 and #1797, bolt-python #1251,
 * java-slack-sdk #1349). Slack documents no readiness flag; a filled-in `mimetype` is the workaround
 * Slack's own maintainers point to. Hand-written because no Slack SDK offers this wait.
 */

/** What files.info says of a file: `unknown` when it cannot be asked (error, rate limit, no files:read). */
export type FileState = 'ready' | 'processing' | 'missing' | 'unknown';

export interface ImageWait {
  /** First pause between files.info polls; each next pause doubles. */
  firstDelayMs: number;
  /** Total time spent waiting for the files before the message goes out without its image. */
  totalMs: number;
  /** Posts of the message with its image before giving up on the block (each refused one is retried once more). */
  maxImagePosts: number;
}

export const DEFAULT_IMAGE_WAIT: ImageWait = { firstDelayMs: 150, totalMs: 4000, maxImagePosts: 2 };

/** A message (its table, if any, in `attachments`, which the text-only fallback keeps). */
export type ImageMessage = OutgoingMessage;

export interface ImageDelivery<T> {
  /** Sends the message (chat.postMessage, chat.update, response_url); throws on failure. */
  send(message: ImageMessage): Promise<T>;
  /** files.info of one file. Throwing counts as `unknown`. */
  fileState(fileId: string): Promise<FileState>;
  /** Whether a failed send may be Slack refusing an image block (not some other problem). */
  mayBeImageRefusal(e: unknown): boolean;
  /**
   * Shares the images the message could not show where it went (its thread, the channel, a DM), after
   * the text went out. Its failure is logged, never thrown: the answer itself is already delivered.
   */
  shareImages(sent: T, fileIds: readonly string[]): Promise<void>;
  /** The note added to the text-only message, e.g. "The chart is in the thread." */
  fallbackNote: string;
  wait?: ImageWait | undefined;
  log?: Logger | undefined;
}

export interface ImageOutcome<T> {
  sent: T;
  /** `shown`: with its images; `shared`: text only, images shared beside it; `none`: no image blocks. */
  images: 'shown' | 'shared' | 'none';
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** The ids of files shown by `slack_file` image blocks. */
export function slackFileIds(blocks: readonly unknown[]): string[] {
  const ids: string[] = [];
  for (const b of blocks as { type?: string; slack_file?: { id?: string } }[]) {
    if (b?.type === 'image' && typeof b.slack_file?.id === 'string') ids.push(b.slack_file.id);
  }
  return ids;
}

/** The message without its `slack_file` image blocks, with `note` as a context line where the first one was. */
export function withoutSlackFiles(message: ImageMessage, note: string): ImageMessage {
  const blocks: unknown[] = [];
  let noted = false;
  for (const b of message.blocks as { type?: string; slack_file?: unknown }[]) {
    if (b?.type === 'image' && b.slack_file) {
      if (!noted) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: note }] });
      noted = true;
      continue;
    }
    blocks.push(b);
  }
  return { ...message, blocks };
}

/**
 * The refusal reasons Slack gives with invalid_blocks, when it gives them: if it names blocks and none
 * of them is a slack_file, the image is not the problem.
 */
export function refusalNamesOtherBlocks(details: readonly string[] | undefined): boolean {
  return details !== undefined && details.length > 0 && !details.some((d) => d.includes('slack_file'));
}

async function statesOf(d: ImageDelivery<unknown>, ids: readonly string[], budgetMs: number): Promise<FileState> {
  let timer: NodeJS.Timeout | undefined;
  // A client that sleeps on a 429 by itself must not hold the answer past the budget.
  const timeout = new Promise<FileState>((resolve) => {
    timer = setTimeout(() => resolve('unknown'), Math.max(1, budgetMs));
  });
  try {
    const states = await Promise.race([
      Promise.all(ids.map((id) => d.fileState(id).catch((e: unknown) => {
        d.log?.debug({ err: e, fileId: id }, 'files.info failed; posting without knowing whether the file is ready');
        return 'unknown' as const;
      }))),
      timeout.then((s) => [s]),
    ]);
    if (states.includes('missing')) return 'missing';
    if (states.includes('unknown')) return 'unknown';
    return states.includes('processing') ? 'processing' : 'ready';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sends a message that may show uploaded files: waits for them with bounded files.info polling
 * (doubling pauses, `totalMs` in all), sends, and when Slack still refuses the image block, retries once
 * and then sends the same message without it (plus `fallbackNote`) and shares the images beside it.
 * A refusal that the text-only message gets too is not about the image: that error is thrown.
 */
export async function sendWithImages<T>(message: ImageMessage, d: ImageDelivery<T>): Promise<ImageOutcome<T>> {
  const ids = slackFileIds(message.blocks);
  if (ids.length === 0) return { sent: await d.send(message), images: 'none' };
  const wait = d.wait ?? DEFAULT_IMAGE_WAIT;
  const deadline = Date.now() + wait.totalMs;
  let delay = wait.firstDelayMs;
  let blind = false;
  let posts = 0;
  let refusal: unknown;
  while (posts < wait.maxImagePosts) {
    const left = deadline - Date.now();
    const state = blind ? 'unknown' : await statesOf(d as ImageDelivery<unknown>, ids, left);
    if (state === 'missing') break;
    if (state === 'unknown') blind = true;
    if (state === 'processing' && Date.now() + delay < deadline) {
      await sleep(delay);
      delay *= 2;
      continue;
    }
    // Ready, or we cannot see (files.info failing) or the budget is spent: the post itself tells.
    posts++;
    try {
      return { sent: await d.send(message), images: 'shown' };
    } catch (e) {
      if (!d.mayBeImageRefusal(e)) throw e;
      refusal = e;
      d.log?.info({ fileIds: ids, attempt: posts, state }, 'Slack refused the image block; the file is probably still processing');
    }
    const pause = Math.min(blind ? Math.max(delay, 1000) : delay, deadline - Date.now());
    if (pause <= 0) break;
    await sleep(pause);
    delay *= 2;
  }
  const textOnly = withoutSlackFiles(message, d.fallbackNote);
  let sent: T;
  try {
    sent = await d.send(textOnly);
  } catch (e) {
    // Refused without the image as well: the image was not the problem; report the real failure.
    d.log?.warn({ err: e, imageRefusal: refusal }, 'message refused without its image too');
    throw e;
  }
  try {
    await d.shareImages(sent, ids);
  } catch (e) {
    d.log?.warn({ err: e, fileIds: ids }, 'could not share the chart beside the text answer');
  }
  return { sent, images: 'shared' };
}
