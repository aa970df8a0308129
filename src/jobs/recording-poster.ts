import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutgoingMessage, PostedMessage, SlackPoster } from '../services/delivery/slack-poster.js';

export interface RecordedMessage {
  kind: 'post' | 'update';
  channel: string;
  ts: string;
  message: OutgoingMessage;
  /** The delivery key the message carried in its metadata. */
  deliveryKey?: string;
  /** The thread a reply went to. */
  threadTs?: string;
}

export interface RecordingPoster extends SlackPoster {
  readonly messages: RecordedMessage[];
  readonly files: { id: string; filename: string; bytes: number }[];
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, '_');

/**
 * A Slack stand-in that keeps what would have been sent and, with `dir`, writes it there: each message
 * as Block Kit JSON (paste into Block Kit Builder) and each chart as PNG. Used by the demo and by
 * `sales-bot digest run --out`.
 */
export function createRecordingPoster(opts: { dir?: string } = {}): RecordingPoster {
  const messages: RecordedMessage[] = [];
  const files: { id: string; filename: string; bytes: number }[] = [];
  let counter = 0;
  const out = opts.dir;
  if (out) mkdirSync(out, { recursive: true });
  const write = (name: string, data: string | Buffer) => {
    if (out) writeFileSync(join(out, name), data);
  };
  const record = (kind: 'post' | 'update', channel: string, ts: string, message: OutgoingMessage, threadTs?: string) => {
    messages.push({ kind, channel, ts, message, ...(threadTs ? { threadTs } : {}) });
    write(`${String(messages.length).padStart(3, '0')}-${kind}-${safe(channel)}.json`, JSON.stringify({ channel, ts, ...(threadTs ? { thread_ts: threadTs } : {}), ...message }, null, 2));
  };
  return {
    messages,
    files,
    async post(channel, message, opts): Promise<PostedMessage> {
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;
      const conversation = /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
      record('post', conversation, ts, message, opts?.threadTs);
      const key = opts?.metadata?.event_payload.delivery_key;
      if (typeof key === 'string') messages.at(-1)!.deliveryKey = key;
      return { channel: conversation, ts };
    },
    // What this poster recorded stands for the conversation's history.
    async findPosted(channel, query) {
      const conversation = /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
      const hit = messages.find((m) => m.kind === 'post' && m.channel === conversation && !m.threadTs && m.deliveryKey === query.deliveryKey);
      return hit ? { channel: hit.channel, ts: hit.ts } : undefined;
    },
    async update(channel, ts, message) {
      record('update', channel, ts, message);
    },
    async uploadImage(file) {
      const id = `F${String(++counter).padStart(8, '0')}`;
      files.push({ id, filename: file.filename, bytes: file.bytes.length });
      write(`${id}-${safe(file.filename)}`, file.bytes);
      return id;
    },
    async userTimeZone() {
      return undefined;
    },
    // Nobody is looked up when nothing is really sent: recipients are the ids the data links.
    async userInfo(userId) {
      return { id: userId, tz: undefined, deleted: false };
    },
    async userByEmail() {
      return undefined;
    },
  };
}
