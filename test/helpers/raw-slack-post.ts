import { SIGNING_SECRET, type HttpReply } from './slack-harness.js';
import { slackSignature } from './slack-signing.js';

export interface RawPostOptions {
  contentType?: string;
  /** Seconds since the epoch; now by default. */
  timestamp?: number;
  secret?: string;
}

/**
 * POSTs an arbitrary body, validly signed, to /slack/events: for requests Slack would never send but an
 * attacker holding a leaked secret (or a bug upstream) could. A hung request fails after 15 s instead of
 * stalling the run: the guard must always answer.
 */
export async function rawSlackPost(baseUrl: string, body: string | Buffer, opts: RawPostOptions = {}): Promise<HttpReply> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(opts.secret ?? SIGNING_SECRET, timestamp, typeof body === 'string' ? body : body.toString()),
  };
  if (opts.contentType !== '') headers['content-type'] = opts.contentType ?? 'application/x-www-form-urlencoded';
  const started = performance.now();
  const res = await fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : new Uint8Array(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}
