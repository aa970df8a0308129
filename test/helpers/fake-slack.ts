import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';

/**
 * A small fake of Slack at the HTTP level (docs/slack.md): the Web API methods the app calls, the
 * files.uploadV2 upload URL, and response_url endpoints. Every call is recorded for assertions; errors,
 * 429s and latency can be injected per method.
 */
export interface RecordedCall {
  method: string;
  /** Form fields, with JSON fields (blocks, files, view, attachments) parsed. */
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Upload {
  fileId: string;
  filename: string;
  length: number;
  bytes: Buffer;
  /** When files.completeUploadExternal finished it (Date.now()); undefined while not completed. */
  completedAt?: number;
}

type Injection = { error?: string; errors?: string[]; status?: number; retryAfter?: number; times: number };

/** A message as conversations.history returns it (the bot's own posts: the fake has no other authors). */
export interface StoredMessage {
  type: 'message';
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  /** A thread reply: kept for conversations.replies-style checks, left out of conversations.history (as Slack does). */
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

const JSON_FIELDS = new Set(['blocks', 'files', 'view', 'attachments', 'metadata']);

export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly uploads = new Map<string, Upload>();
  /** Users for users.info / users.lookupByEmail; `deleted` = deactivated (still returned, as Slack does). */
  readonly users = new Map<string, { id: string; email?: string; tz?: string; real_name?: string; deleted?: boolean }>();
  /** Per-method latency in ms (e.g. to prove ack() does not wait for the Web API). */
  readonly latency = new Map<string, number>();
  /** Per-channel chat.postMessage rate (messages/s); beyond the burst, 429 with Retry-After. */
  rateLimit: { perSecond: number; burst: number } | undefined;
  /**
   * Per-method limits of the tiered methods (e.g. conversations.history, Tier 3: about 50 a minute),
   * counted per app like Slack's: beyond `perMinute` in a sliding minute, 429 with Retry-After.
   */
  readonly methodRateLimits = new Map<string, { perMinute: number }>();
  /**
   * Messages the bot posted, by conversation id (a DM posted to U… is kept under its D… channel, as
   * Slack opens it), oldest first. conversations.history reads these; tests may add others' messages.
   */
  readonly conversations = new Map<string, StoredMessage[]>();
  /**
   * How long an upload stays "processing" after files.completeUploadExternal, as on real Slack
   * (python-slack-sdk #1658, #1797, bolt-python #1251, java-slack-sdk #1349): meanwhile an image block
   * naming it (`slack_file`) is refused with invalid_blocks and files.info shows the file with an empty
   * mimetype/filetype and no thumbnails. Infinity: never ready. Kept by reset().
   */
  fileReadyAfterMs = 300;
  /**
   * Channels the bot is not a member of. Slack refuses chat.postMessage there with not_in_channel,
   * unless the channel is public and the app was granted chat:write.public (see `scopes`).
   */
  readonly notMemberOf = new Map<string, 'public' | 'private'>();
  /** The bot scopes granted at install: by default those manifest.yml asks for. */
  scopes: ReadonlySet<string> = manifestScopes();
  /** The WebSocket URL apps.connections.open hands out (a FakeSocketMode's url); unset: Socket Mode is off. */
  socketModeUrl: string | undefined;
  private readonly injections = new Map<string, Injection[]>();
  private readonly responseUrlUses = new Map<string, { uses: number; created: number }>();
  private readonly channelWindows = new Map<string, number[]>();
  private readonly methodWindows = new Map<string, number[]>();
  private server: Server | undefined;
  private tsCounter = 1;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Web API base for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url, usable 5 times within 30 minutes, like Slack's. */
  responseUrl(): string {
    const id = randomBytes(6).toString('hex');
    this.responseUrlUses.set(id, { uses: 0, created: Date.now() });
    return `${this.url}/response/${id}`;
  }

  /** Makes the next `times` calls of `method` fail with a Slack error (and its `errors` details), an HTTP status or a 429. */
  inject(method: string, injection: { error?: string; errors?: string[]; status?: number; retryAfter?: number; times?: number }): void {
    const list = this.injections.get(method) ?? [];
    list.push({ ...injection, times: injection.times ?? 1 });
    this.injections.set(method, list);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every message the app sent (Web API posts, updates, ephemeral, response_url), for block checks. */
  allMessages(): Record<string, unknown>[] {
    return [
      ...this.calls.filter((c) => ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(c.method)).map((c) => c.args),
      ...this.responses.map((r) => r.body).filter((b) => b.delete_original !== true),
    ];
  }

  /** Resolves when `check` holds (re-checked after every recorded request) or rejects after `ms`. */
  waitFor(check: () => boolean, ms = 10_000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { check, resolve: () => resolve() };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`fake Slack: condition not met within ${ms} ms (calls: ${this.calls.map((c) => c.method).join(', ')})`));
      }, ms).unref();
    });
  }

  reset(): void {
    this.calls.length = 0;
    this.responses.length = 0;
    this.injections.clear();
    this.channelWindows.clear();
    this.methodWindows.clear();
    this.latency.clear();
    this.conversations.clear();
  }

  /** Top-level messages and replies the bot posted in a conversation (D… for a DM), oldest first. */
  messagesIn(conversation: string): StoredMessage[] {
    return this.conversations.get(conversation) ?? [];
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', this.url).pathname;
    try {
      if (path.startsWith('/api/')) await this.api(path.slice(5), req, raw, res);
      else if (path.startsWith('/upload/')) this.upload(path.slice(8), req, raw, res);
      else if (path.startsWith('/response/')) this.response(path.slice(10), raw, res);
      else send(res, 404, { ok: false, error: 'unknown_path' });
    } finally {
      this.notify();
    }
  }

  private async api(method: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): Promise<void> {
    const args = parseBody(req.headers['content-type'] ?? '', raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : (args.token as string | undefined);
    this.calls.push({ method, args, token, at: Date.now() });
    const delay = this.latency.get(method);
    if (delay) await new Promise((r) => setTimeout(r, delay));
    const injected = this.takeInjection(method);
    if (injected) {
      if (injected.retryAfter !== undefined) {
        res.setHeader('Retry-After', String(injected.retryAfter));
        return send(res, 429, { ok: false, error: 'ratelimited' });
      }
      if (injected.status) return send(res, injected.status, { ok: false, error: injected.error ?? 'fatal_error' });
      return send(res, 200, { ok: false, error: injected.error ?? 'fatal_error', ...(injected.errors ? { errors: injected.errors } : {}) });
    }
    if (!token) return send(res, 200, { ok: false, error: 'not_authed' });
    const wait = this.methodLimited(method);
    if (wait !== undefined) {
      res.setHeader('Retry-After', String(wait));
      return send(res, 429, { ok: false, error: 'ratelimited' });
    }
    if (['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(method)) {
      const misplaced = tableRefusal(args);
      if (misplaced) return send(res, 200, misplaced);
      const refused = this.unreadySlackFiles(args.blocks);
      if (refused.length > 0) return send(res, 200, invalidSlackFiles(refused));
    }
    switch (method) {
      case 'apps.connections.open':
        // Only an app-level token may open a socket, and only when the app has Socket Mode on.
        if (!token.startsWith('xapp-')) return send(res, 200, { ok: false, error: 'not_allowed_token_type' });
        return this.socketModeUrl
          ? send(res, 200, { ok: true, url: this.socketModeUrl })
          : send(res, 200, { ok: false, error: 'socket_mode_not_enabled' });
      case 'auth.test':
        return send(res, 200, { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'salesbot', team_id: 'T0FAKE', user_id: 'U0BOT', bot_id: 'B0BOT' });
      case 'chat.postMessage': {
        const channel = String(args.channel ?? '');
        if (!channel) return send(res, 200, { ok: false, error: 'channel_not_found' });
        const outside = this.notMemberOf.get(channel);
        if (outside === 'private' || (outside === 'public' && !this.scopes.has('chat:write.public'))) {
          return send(res, 200, { ok: false, error: 'not_in_channel' });
        }
        const metadata = args.metadata === undefined || args.metadata === '' ? undefined : messageMetadata(args.metadata);
        if (metadata === null) return send(res, 200, { ok: false, error: 'invalid_metadata_format' });
        if (this.rateLimited(channel)) {
          res.setHeader('Retry-After', '1');
          return send(res, 429, { ok: false, error: 'ratelimited' });
        }
        const ts = this.nextTs();
        const conversation = dmChannel(channel);
        const message: StoredMessage = {
          type: 'message',
          user: 'U0BOT',
          bot_id: 'B0BOT',
          app_id: 'A0FAKE',
          team: 'T0FAKE',
          ts,
          text: String(args.text ?? ''),
          ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
          ...(Array.isArray(args.attachments) ? { attachments: args.attachments } : {}),
          ...(typeof args.thread_ts === 'string' && args.thread_ts ? { thread_ts: args.thread_ts } : {}),
          ...(metadata ? { metadata } : {}),
        };
        this.conversations.set(conversation, [...this.messagesIn(conversation), message]);
        // Slack echoes the message without its metadata unless asked (include_all_metadata on reads).
        const { metadata: _hidden, ...echo } = message;
        return send(res, 200, { ok: true, channel: conversation, ts, message: echo });
      }
      case 'chat.postEphemeral':
        return send(res, 200, { ok: true, message_ts: this.nextTs() });
      case 'chat.update': {
        const stored = this.messagesIn(dmChannel(String(args.channel ?? ''))).find((m) => m.ts === args.ts);
        if (stored) {
          stored.text = String(args.text ?? stored.text);
          if (Array.isArray(args.blocks)) stored.blocks = args.blocks;
        }
        return send(res, 200, { ok: true, channel: args.channel, ts: args.ts, text: args.text });
      }
      case 'conversations.history':
        return send(res, 200, this.history(args));
      case 'views.publish':
        return send(res, 200, { ok: true, view: { id: 'V' + this.tsCounter++, ...(args.view as object) } });
      case 'conversations.open': {
        const users = String(args.users ?? '');
        return send(res, 200, { ok: true, channel: { id: `D${users.split(',')[0]!.slice(1)}` } });
      }
      case 'users.info': {
        const u = this.users.get(String(args.user));
        return u
          ? send(res, 200, { ok: true, user: { id: u.id, deleted: u.deleted === true, tz: u.tz ?? 'UTC', real_name: u.real_name ?? u.id, profile: { email: u.email } } })
          : send(res, 200, { ok: false, error: 'user_not_found' });
      }
      case 'users.lookupByEmail': {
        const email = String(args.email ?? '').toLowerCase();
        const u = [...this.users.values()].find((x) => x.email?.toLowerCase() === email);
        return u
          ? send(res, 200, { ok: true, user: { id: u.id, deleted: u.deleted === true, tz: u.tz ?? 'UTC', profile: { email: u.email } } })
          : send(res, 200, { ok: false, error: 'users_not_found' });
      }
      case 'files.getUploadURLExternal': {
        const fileId = 'F' + randomBytes(4).toString('hex').toUpperCase();
        const filename = String(args.filename ?? '');
        const length = Number(args.length);
        if (!filename || !Number.isFinite(length) || length <= 0) return send(res, 200, { ok: false, error: 'invalid_arguments' });
        this.uploads.set(fileId, { fileId, filename, length, bytes: Buffer.alloc(0) });
        return send(res, 200, { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId });
      }
      case 'files.completeUploadExternal': {
        const files = (args.files ?? []) as { id: string; title?: string }[];
        const missing = files.find((f) => !this.uploads.get(f.id)?.bytes.length);
        if (files.length === 0 || missing) return send(res, 200, { ok: false, error: 'file_not_found' });
        for (const f of files) this.uploads.get(f.id)!.completedAt ??= Date.now();
        return send(res, 200, { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? this.uploads.get(f.id)!.filename })) });
      }
      case 'files.info': {
        const upload = this.uploads.get(String(args.file ?? ''));
        if (!upload?.completedAt) return send(res, 200, { ok: false, error: 'file_not_found' });
        return send(res, 200, { ok: true, file: this.fileObject(upload) });
      }
      default:
        return send(res, 200, { ok: false, error: 'unknown_method' });
    }
  }

  private upload(fileId: string, req: IncomingMessage, raw: Buffer, res: ServerResponse): void {
    const upload = this.uploads.get(fileId);
    if (!upload) return send(res, 404, { ok: false });
    const type = req.headers['content-type'] ?? '';
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    upload.bytes = boundary ? multipartFile(raw, boundary[1] ?? boundary[2]!) : raw;
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
  }

  private response(id: string, raw: Buffer, res: ServerResponse): void {
    const entry = this.responseUrlUses.get(id);
    if (!entry) return send(res, 404, { ok: false, error: 'no_such_response_url' });
    if (entry.uses >= 5 || Date.now() - entry.created > 30 * 60_000) return send(res, 404, { ok: false, error: 'expired_url' });
    entry.uses++;
    const body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    // Real Slack answers a response_url post with a bad block as 404 + JSON error (java-slack-sdk #1349).
    const misplaced = tableRefusal(body);
    if (misplaced) return send(res, 404, misplaced);
    const refused = this.unreadySlackFiles(body.blocks);
    if (refused.length > 0) return send(res, 404, invalidSlackFiles(refused));
    this.responses.push({ id, body, at: Date.now() });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  /** Whether Slack has finished processing an upload (see fileReadyAfterMs). */
  fileReady(fileId: string): boolean {
    const done = this.uploads.get(fileId)?.completedAt;
    return done !== undefined && Date.now() - done >= this.fileReadyAfterMs;
  }

  /** JSON pointers of image blocks naming a file that is unknown, not completed or still processing. */
  private unreadySlackFiles(blocks: unknown): string[] {
    if (!Array.isArray(blocks)) return [];
    const out: string[] = [];
    blocks.forEach((b: { type?: string; slack_file?: { id?: string; url?: string } }, i) => {
      if (b?.type !== 'image' || !b.slack_file) return;
      const id = b.slack_file.id;
      if (id !== undefined ? !this.fileReady(id) : !b.slack_file.url) out.push(`/blocks/${i}/slack_file`);
    });
    return out;
  }

  /** files.info's file object: while processing, mimetype/filetype/pretty_type are empty and there are no thumbnails. */
  private fileObject(u: Upload): Record<string, unknown> {
    const ready = this.fileReady(u.fileId);
    const base = {
      id: u.fileId,
      created: Math.floor(u.completedAt! / 1000),
      name: u.filename,
      title: u.filename,
      user: 'U0BOT',
      size: u.bytes.length,
      mode: 'hosted',
      is_external: false,
      is_public: false,
      url_private: `${this.url}/files-pri/${u.fileId}/${u.filename}`,
      permalink: `${this.url}/files/U0BOT/${u.fileId}/${u.filename}`,
    };
    if (!ready) return { ...base, mimetype: '', filetype: '', pretty_type: '' };
    const png = u.filename.toLowerCase().endsWith('.png');
    return {
      ...base,
      mimetype: png ? 'image/png' : 'application/octet-stream',
      filetype: png ? 'png' : 'binary',
      pretty_type: png ? 'PNG' : 'Binary',
      ...(png ? { thumb_64: `${base.url_private}?t=64`, thumb_360: `${base.url_private}?t=360`, original_w: 800, original_h: 400 } : {}),
    };
  }

  /**
   * conversations.history (docs.slack.dev/reference/methods/conversations.history): top-level messages
   * newest first, between `oldest` and `latest` (exclusive unless `inclusive`), `limit` a page (default
   * 100, at most 999), cursor pagination with `has_more` and `response_metadata.next_cursor`; message
   * `metadata` only with include_all_metadata. A bot reads only conversations it is in, with the
   * *:history scope of that kind: a private channel it is not in does not exist for it
   * (channel_not_found), a public one answers not_in_channel; a user id is not a conversation.
   */
  private history(args: Record<string, unknown>): Record<string, unknown> {
    const channel = String(args.channel ?? '');
    if (!/^[CGD][A-Z0-9]+$/.test(channel)) return { ok: false, error: 'channel_not_found' };
    const outside = this.notMemberOf.get(channel);
    if (outside === 'private') return { ok: false, error: 'channel_not_found' };
    const needed = channel.startsWith('D') ? 'im:history' : channel.startsWith('G') ? 'groups:history' : 'channels:history';
    if (!this.scopes.has(needed)) return { ok: false, error: 'missing_scope', needed, provided: [...this.scopes].join(',') };
    if (outside === 'public') return { ok: false, error: 'not_in_channel' };
    const inclusive = flag(args.inclusive);
    const oldest = args.oldest === undefined || args.oldest === '' ? undefined : tsKey(String(args.oldest));
    const latest = args.latest === undefined || args.latest === '' ? undefined : tsKey(String(args.latest));
    if (oldest === null) return { ok: false, error: 'invalid_ts_oldest' };
    if (latest === null) return { ok: false, error: 'invalid_ts_latest' };
    const limit = args.limit === undefined || args.limit === '' ? 100 : Math.min(999, Math.max(1, Math.trunc(Number(args.limit)) || 100));
    const inRange = this.messagesIn(channel)
      .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
      .filter((m) => {
        const k = tsKey(m.ts)!;
        if (oldest !== undefined && (inclusive ? k < oldest : k <= oldest)) return false;
        if (latest !== undefined && (inclusive ? k > latest : k >= latest)) return false;
        return true;
      })
      .reverse();
    let start = 0;
    if (args.cursor !== undefined && args.cursor !== '') {
      // The cursor names the ts the next page starts below (opaque to clients, like Slack's).
      const below = tsKey(Buffer.from(String(args.cursor), 'base64').toString('utf8').replace(/^next_ts:/, ''));
      if (below === null) return { ok: false, error: 'invalid_cursor' };
      start = inRange.findIndex((m) => tsKey(m.ts)! <= below);
      if (start < 0) start = inRange.length;
    }
    const page = inRange.slice(start, start + limit);
    const hasMore = start + limit < inRange.length;
    const withMetadata = flag(args.include_all_metadata);
    return {
      ok: true,
      messages: page.map(({ metadata, ...m }) => ({ ...m, ...(withMetadata && metadata ? { metadata } : {}) })),
      has_more: hasMore,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata: { next_cursor: hasMore ? Buffer.from(`next_ts:${inRange[start + limit]!.ts}`).toString('base64') : '' },
    };
  }

  /** Seconds to wait when `method` is over its per-minute limit (methodRateLimits), else undefined. */
  private methodLimited(method: string): number | undefined {
    const limit = this.methodRateLimits.get(method);
    if (!limit) return undefined;
    const now = Date.now();
    const window = (this.methodWindows.get(method) ?? []).filter((t) => now - t < 60_000);
    this.methodWindows.set(method, window);
    if (window.length >= limit.perMinute) return Math.max(1, Math.ceil((window[0]! + 60_000 - now) / 1000));
    window.push(now);
    return undefined;
  }

  private takeInjection(method: string): Injection | undefined {
    const list = this.injections.get(method);
    const first = list?.[0];
    if (!first) return undefined;
    first.times--;
    if (first.times <= 0) list!.shift();
    return first;
  }

  private rateLimited(channel: string): boolean {
    if (!this.rateLimit) return false;
    const now = Date.now();
    const window = (this.channelWindows.get(channel) ?? []).filter((t) => now - t < 1000 * (this.rateLimit!.burst / this.rateLimit!.perSecond));
    if (window.length >= this.rateLimit.burst) {
      this.channelWindows.set(channel, window);
      return true;
    }
    window.push(now);
    this.channelWindows.set(channel, window);
    return false;
  }

  private nextTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(this.tsCounter++).padStart(6, '0')}`;
  }
}

/**
 * Where Slack takes a table block (docs.slack.dev/reference/block-kit/blocks/table-block, "Usage info"):
 * "by providing a table block in the attachments field of a chat.postMessage request", one table per
 * message. A table in top-level `blocks` is refused with invalid_blocks; more than one table across the
 * attachments with invalid_attachments (public reports: netclaw-dev/netclaw #55, OpenMetadata's notifier).
 */
function tableRefusal(args: Record<string, unknown>): Record<string, unknown> | undefined {
  const top = Array.isArray(args.blocks) ? (args.blocks as { type?: string }[]) : [];
  const misplaced = top.flatMap((b, i) => (b?.type === 'table' ? [`unsupported type: table is only allowed in attachments [json-pointer:/blocks/${i}]`] : []));
  if (misplaced.length > 0) return { ok: false, error: 'invalid_blocks', errors: misplaced, response_metadata: { messages: misplaced.map((e) => `[ERROR] ${e}`) } };
  const attachments = Array.isArray(args.attachments) ? (args.attachments as { blocks?: { type?: string }[] }[]) : [];
  const tables = attachments.flatMap((a, j) => (Array.isArray(a?.blocks) ? a.blocks : []).flatMap((b, i) => (b?.type === 'table' ? [`/attachments/${j}/blocks/${i}`] : [])));
  if (tables.length > 1) {
    const errors = tables.slice(1).map((p) => `only one table is allowed per message [json-pointer:${p}]`);
    return { ok: false, error: 'invalid_attachments', errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } };
  }
  return undefined;
}

/** Real Slack's answer to an image block whose file it cannot show (yet). */
function invalidSlackFiles(pointers: string[]) {
  const errors = pointers.map((p) => `invalid slack file [json-pointer:${p}]`);
  return { ok: false, error: 'invalid_blocks', errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } };
}

/** The bot scopes manifest.yml asks for (what an install of this app grants). */
function manifestScopes(): ReadonlySet<string> {
  const manifest = parse(readFileSync(new URL('../../manifest.yml', import.meta.url), 'utf8')) as { oauth_config: { scopes: { bot: string[] } } };
  return new Set(manifest.oauth_config.scopes.bot);
}

/** The conversation a post lands in: Slack opens the bot's DM (D…) for a user id (U…/W…). */
function dmChannel(channel: string): string {
  return /^[UW]/.test(channel) ? `D${channel.slice(1)}` : channel;
}

/** A form or JSON boolean as Slack reads it ("true", "1", true). */
function flag(v: unknown): boolean {
  return v === true || v === 'true' || v === '1' || v === 1;
}

/** A Slack ts ("1700000000.000123") as a sortable key, null when it is not one. */
function tsKey(ts: string): string | null {
  const m = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(ts);
  return m ? `${m[1]!.padStart(12, '0')}.${(m[2] ?? '').padEnd(6, '0')}` : null;
}

/**
 * chat.postMessage's `metadata` as Slack checks it (docs.slack.dev/messaging/message-metadata): a JSON
 * object with a non-empty string `event_type` and an object `event_payload`; null when it is not (Slack
 * answers invalid_metadata_format).
 */
function messageMetadata(v: unknown): StoredMessage['metadata'] | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const { event_type: type, event_payload: payload } = v as Record<string, unknown>;
  if (typeof type !== 'string' || type === '') return null;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  return { event_type: type, event_payload: payload as Record<string, unknown> };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}

function parseBody(type: string, raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8');
  let args: Record<string, unknown> = {};
  if (type.includes('application/json')) args = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  else for (const [k, v] of new URLSearchParams(text)) args[k] = v;
  for (const key of JSON_FIELDS) {
    const v = args[key];
    if (typeof v === 'string' && v !== '') {
      try {
        args[key] = JSON.parse(v);
      } catch {
        // leave it as sent: a test asserting on it will show the raw string
      }
    }
  }
  return args;
}

/** The bytes of the first file part of a multipart body. */
function multipartFile(raw: Buffer, boundary: string): Buffer {
  const marker = Buffer.from(`--${boundary}`);
  const start = raw.indexOf(marker);
  if (start < 0) return raw;
  const headerEnd = raw.indexOf('\r\n\r\n', start);
  const next = raw.indexOf(marker, headerEnd);
  return raw.subarray(headerEnd + 4, next < 0 ? raw.length : next - 2);
}
