import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { pino, type Logger } from 'pino';
import type { Database } from '../../src/db/client.js';
import { IN_PROCESS_CONTROL } from '../../src/jobs/control.js';
import type { JobsControl } from '../../src/services/jobs-control.js';
import { startSlackApp, type RunningSlackApp } from '../../src/slack/app.js';
import { REPO_ROOT } from './cli.js';
import { FakeSlack } from './fake-slack.js';
import { signedHeaders } from './slack-signing.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-test-token';
export const API_TOKEN = 'test-api-token-0123456789';

export interface HttpReply {
  status: number;
  body: string;
  ms: number;
}

/**
 * The real Bolt app on an ephemeral port, talking to a fake Slack: tests send signed slash commands and
 * button clicks over HTTP and read what the app sent back from the fake's records.
 */
export class SlackHarness {
  readonly slack = new FakeSlack();
  running!: RunningSlackApp;
  private child: ChildProcess | undefined;
  private port = 0;
  /** What the `serve` process wrote to stdout and stderr, when started with `{ captureOutput: true }`. */
  output = '';

  constructor(
    readonly database: Database,
    private readonly opts: { adminIds?: string[]; jobs?: JobsControl; log?: Logger } = {},
  ) {}

  async start(): Promise<this> {
    await this.slack.start();
    this.running = await startSlackApp({
      database: this.database,
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: this.slack.apiUrl,
      port: 0,
      apiToken: API_TOKEN,
      adminIds: this.opts.adminIds ?? [],
      timeZone: 'UTC',
      // No Redis unless the test brings its own job control (as `serve` does without REDIS_URL).
      jobs: this.opts.jobs ?? IN_PROCESS_CONTROL,
      log: this.opts.log ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
      retries: 0,
    });
    return this;
  }

  /**
   * Runs the app as `sales-bot serve` in its own process (as in production) against the fake Slack and
   * the database at `databaseUrl`; resolves once /healthz answers.
   */
  async startProcess(databaseUrl: string, extraEnv: Record<string, string> = {}, opts: { captureOutput?: boolean } = {}): Promise<this> {
    await this.slack.start();
    this.port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.SLACK_APP_TOKEN; // HTTP mode unless the test asks for Socket Mode in extraEnv
    Object.assign(env, {
      DATABASE_URL: databaseUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: this.slack.apiUrl,
      PORT: String(this.port),
      API_TOKEN,
      SLACK_ADMIN_USER_IDS: (this.opts.adminIds ?? []).join(','),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      ...extraEnv,
    });
    this.child = spawn(process.execPath, ['bin/sales-bot.js', 'serve'], { cwd: REPO_ROOT, env, stdio: ['ignore', opts.captureOutput ? 'pipe' : 'inherit', opts.captureOutput ? 'pipe' : 'inherit'] });
    this.child.stdout?.on('data', (b: Buffer) => (this.output += b.toString()));
    this.child.stderr?.on('data', (b: Buffer) => (this.output += b.toString()));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`sales-bot serve exited with code ${this.child.exitCode}`);
      try {
        if ((await fetch(`${this.baseUrl}/healthz`)).ok) return this;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error('sales-bot serve did not answer /healthz within 60 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child!.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    await this.slack.stop();
  }

  /** The app's process id when it runs in its own process (startProcess), for benchmarks that watch it. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.child ? this.port : this.running.port}`;
  }

  /** POSTs a signed form body to /slack/events as Slack does. */
  async post(form: Record<string, string>, opts: { secret?: string; timestamp?: number } = {}): Promise<HttpReply> {
    const body = new URLSearchParams(form).toString();
    const started = performance.now();
    const res = await fetch(`${this.baseUrl}/slack/events`, {
      method: 'POST',
      headers: signedHeaders(opts.secret ?? SIGNING_SECRET, body, opts.timestamp),
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text, ms: performance.now() - started };
  }

  /** Sends `/sales <text>` as `user` and returns the HTTP reply plus the response_url it gave Slack. */
  async command(text: string, user = 'UMANAGER', channel = 'C0SALES'): Promise<HttpReply & { responseUrl: string }> {
    const responseUrl = this.slack.responseUrl();
    const reply = await this.post({
      token: 'legacy',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: channel,
      channel_name: 'sales',
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/sales',
      text,
      api_app_id: 'A0APP',
      is_enterprise_install: 'false',
      response_url: responseUrl,
      trigger_id: '1.2.3',
    });
    return { ...reply, responseUrl };
  }

  /** Clicks a button (or picks a select option) the way Slack posts a block_actions payload. */
  async click(
    action: { action_id: string; value?: string; selected?: string; block_id?: string },
    user = 'UMANAGER',
    /** `message`: a message the bot posted (not ephemeral), as alert buttons are clicked. */
    opts: { container?: 'message' | 'view'; channel?: string; message?: { ts: string; channel: string } } = {},
  ): Promise<HttpReply & { responseUrl?: string }> {
    const inView = opts.container === 'view';
    const channel = opts.message?.channel ?? opts.channel ?? 'C0SALES';
    const responseUrl = inView ? undefined : this.slack.responseUrl();
    const element = action.selected !== undefined
      ? { type: 'static_select', action_id: action.action_id, block_id: action.block_id ?? 'b', selected_option: { value: action.selected, text: { type: 'plain_text', text: 'x' } }, action_ts: '1' }
      : { type: 'button', action_id: action.action_id, block_id: action.block_id ?? 'b', value: action.value, text: { type: 'plain_text', text: 'x' }, action_ts: '1' };
    const payload = {
      type: 'block_actions',
      team: { id: 'T0FAKE', domain: 'fake' },
      user: { id: user, username: user.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'A0APP',
      token: 'legacy',
      trigger_id: '1.2.3',
      container: inView
        ? { type: 'view', view_id: 'V1' }
        : { type: 'message', message_ts: opts.message?.ts ?? '1.1', channel_id: channel, is_ephemeral: !opts.message },
      ...(inView ? { view: { id: 'V1', type: 'home' } } : { channel: { id: channel, name: 'sales' } }),
      ...(opts.message ? { message: { type: 'message', ts: opts.message.ts, text: 'message' } } : {}),
      ...(responseUrl ? { response_url: responseUrl } : {}),
      actions: [element],
    };
    const reply = await this.post({ payload: JSON.stringify(payload) });
    return { ...reply, ...(responseUrl ? { responseUrl } : {}) };
  }

  /** Sends an Events API callback (e.g. app_home_opened). */
  async event(event: Record<string, unknown>): Promise<HttpReply> {
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T0FAKE',
      api_app_id: 'A0APP',
      type: 'event_callback',
      event_id: `Ev${Math.random().toString(36).slice(2)}`,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    const started = performance.now();
    const headers = signedHeaders(SIGNING_SECRET, body);
    const res = await fetch(`${this.baseUrl}/slack/events`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    return { status: res.status, body: await res.text(), ms: performance.now() - started };
  }

  /** The posts made to one response_url, waiting until at least `n` arrived. */
  async responsesTo(responseUrl: string, n = 1, ms = 20_000): Promise<Record<string, unknown>[]> {
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    const of = () => this.slack.responses.filter((r) => r.id === id).map((r) => r.body);
    await this.slack.waitFor(() => of().length >= n, ms);
    return of();
  }
}

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
