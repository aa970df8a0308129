import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  HTTPModuleFunctions,
  HTTPReceiverDeferredRequestError,
  isRawBodyError,
  type BufferedIncomingMessage,
  type HTTPReceiver,
  type ReceiverDispatchErrorHandlerArgs,
} from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';

/**
 * Bolt's HTTPReceiver trusts the shape of any validly signed body: `payload=null` throws inside its
 * request handler (an unhandled rejection that ends the process), a `block_actions` without `user`
 * fails in a listener with a 500, a command without `user_id` reaches SQL as an empty id. Signed does
 * not mean well-formed (a leaked secret, a proxy, a Slack bug), so every request to the events endpoint
 * is read, verified and shape-checked here first; only what passes reaches Bolt, with its body already
 * buffered (Bolt then skips re-reading the stream and re-verifies the same bytes).
 */

/** Largest body read. Slack's biggest payloads (a block_actions from a full App Home view) stay well under it. */
export const SLACK_BODY_LIMIT = 1024 * 1024;

/** Slack allows this much clock difference either way; Bolt itself only checks the past side. */
const MAX_SKEW_SECONDS = 5 * 60;

/** Slack user, team and channel ids: upper-case letters and digits. */
const slackId = z.string().regex(/^[A-Z0-9]{2,32}$/);

/** Where `respond()` posts: anything else makes the listener's answer (or its error reply) throw. */
const responseUrl = z.url({ protocol: /^https?$/ });

const slashCommand = z.looseObject({
  command: z.string().min(1),
  text: z.string(),
  user_id: slackId,
  channel_id: slackId,
  team_id: slackId.optional(),
  response_url: responseUrl,
});

const blockAction = z
  .looseObject({
    type: z.literal('block_actions'),
    user: z.looseObject({ id: slackId }),
    team: z.looseObject({ id: slackId }).nullish(),
    actions: z.array(z.looseObject({ action_id: z.string(), type: z.string() })).min(1),
    container: z.looseObject({ type: z.string() }),
    channel: z.looseObject({ id: slackId }).optional(),
    response_url: responseUrl.optional(),
  })
  // Slack gives every click on a message a response_url (only App Home views have none); the message
  // listeners answer through it.
  .refine((b) => b.container.type === 'view' || b.response_url !== undefined, { path: ['response_url'], message: 'a click on a message carries a response_url' });

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  event: z.union([
    // The one event this app listens to: App Home opens name the user whose Home is published.
    z.looseObject({ type: z.literal('app_home_opened'), user: slackId }),
    z.looseObject({ type: z.string().refine((t) => t !== 'app_home_opened') }),
  ]),
});

const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string() });

/** What reaches Bolt: the kinds of request this app answers, each with the fields its listeners read. */
function shapeProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : typeof body}, not an object`;
  const b = body as Record<string, unknown>;
  const schema = 'command' in b ? slashCommand : b.type === 'block_actions' ? blockAction : b.type === 'event_callback' ? eventCallback : b.type === 'url_verification' ? urlVerification : undefined;
  if (!schema) return `not a request this app handles (type ${JSON.stringify(String(b.type ?? 'none')).slice(0, 60)})`;
  const parsed = schema.safeParse(b);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/** Form bodies must be exactly Slack's content type: Bolt parses anything else as JSON. */
function contentTypeProblem(header: string | undefined): string | undefined {
  if (header === 'application/x-www-form-urlencoded') return undefined;
  if (header !== undefined && header.split(';')[0]!.trim().toLowerCase() === 'application/json') return undefined;
  return `content type ${JSON.stringify(header ?? 'none').slice(0, 80)} is neither a Slack form nor JSON`;
}

/** Form fields Slack sends once; a repeat would reach the listeners as an array. */
function repeatedField(raw: string): string | undefined {
  const seen = new Set<string>();
  for (const key of new URLSearchParams(raw).keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

function refuse(res: ServerResponse, status: number, log: Logger, req: IncomingMessage, reason: string): void {
  log.warn({ status, path: req.url, reason }, 'refused a Slack request');
  if (!res.headersSent) {
    res.writeHead(status);
    res.end();
  }
}

/**
 * Reads, verifies and checks one request; returns it buffered for Bolt, or answers it (4xx, one log
 * line) and returns undefined.
 */
async function screen(req: IncomingMessage, res: ServerResponse, opts: GuardOptions): Promise<BufferedIncomingMessage | undefined> {
  const { log } = opts;
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: opts.signingSecret, bodyLimit: opts.bodyLimit ?? SLACK_BODY_LIMIT }, req);
  } catch (e) {
    if (isRawBodyError(e) && (e.type === 'entity.too.large' || e.statusCode === 413)) {
      // Close the connection after answering rather than read the rest of the body.
      res.setHeader('connection', 'close');
      refuse(res, 413, log, req, `body over ${opts.bodyLimit ?? SLACK_BODY_LIMIT} bytes`);
      return undefined;
    }
    refuse(res, 401, log, req, (e as Error).message);
    return undefined;
  }
  // Bolt's check lets a timestamp in the future through; a replayed request signed ahead would live forever.
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  const now = Math.floor((opts.now?.() ?? Date.now()) / 1000);
  if (timestamp > now + MAX_SKEW_SECONDS) {
    refuse(res, 401, log, req, `request timestamp is ${timestamp - now} s in the future`);
    return undefined;
  }
  const contentType = req.headers['content-type'];
  const text = buffered.rawBody.toString();
  // An ssl_check was reduced by Bolt to `ssl_check=1`; it needs no more checks.
  if (text === 'ssl_check=1') return buffered;
  const typeProblem = contentTypeProblem(contentType);
  if (typeProblem) {
    refuse(res, 400, log, req, typeProblem);
    return undefined;
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    const repeated = repeatedField(text);
    if (repeated) {
      refuse(res, 400, log, req, `form field ${JSON.stringify(repeated).slice(0, 60)} appears more than once`);
      return undefined;
    }
  }
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch (e) {
    refuse(res, 400, log, req, `malformed body: ${(e as Error).message.slice(0, 120)}`);
    return undefined;
  }
  const problem = shapeProblem(body);
  if (problem) {
    refuse(res, 400, log, req, problem);
    return undefined;
  }
  return buffered;
}

export interface GuardOptions {
  signingSecret: string;
  /** The path Bolt serves events on. */
  endpoint: string;
  log: Logger;
  bodyLimit?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * Puts the screen in front of the receiver's own listener (its public `requestListener`, which the
 * server it starts calls for every request). Other paths (/healthz, the JSON API) pass straight through.
 */
export function guardReceiver(receiver: HTTPReceiver, opts: GuardOptions): void {
  const inner: RequestListener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    let path: string;
    try {
      // The same reading of the path as Bolt's router, so `/slack/./events` cannot slip past.
      path = new URL(req.url ?? '', 'http://localhost').pathname;
    } catch {
      refuse(res, 400, opts.log, req, 'unreadable request URL');
      return;
    }
    if (path !== opts.endpoint || req.method?.toUpperCase() !== 'POST') return inner(req, res);
    screen(req, res, opts).then(
      (buffered) => {
        if (buffered) inner(buffered, res);
      },
      (e: unknown) => {
        // screen() answers every failure it knows; this is a bug in it, never a reason to stop serving.
        opts.log.error({ err: e }, 'Slack request guard failed');
        if (!res.headersSent) {
          res.writeHead(500);
          res.end();
        }
      },
    );
  };
}

/**
 * Bolt's handler for requests its router throws on: no route is a 404, a path that cannot be decoded
 * (`/api/analytics/%E0`) is the client's fault (Bolt's default answers 500), anything else is ours.
 */
export function dispatchErrorHandler(log: Logger) {
  return ({ error, request, response }: ReceiverDispatchErrorHandlerArgs): void => {
    const status = error instanceof HTTPReceiverDeferredRequestError ? 404 : error instanceof URIError ? 400 : 500;
    if (status === 500) log.error({ err: error, path: request.url }, 'HTTP request failed');
    else log.info({ status, path: request.url }, status === 404 ? 'no such route' : 'refused an undecodable path');
    if (!response.headersSent) {
      response.writeHead(status);
      response.end();
    }
  };
}
