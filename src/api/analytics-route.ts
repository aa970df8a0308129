import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { databaseFault } from '../db/db-errors.js';
import { isAppError } from '../lib/errors.js';
import { reportByName, REPORTS } from '../reports/registry.js';
import { runReport } from '../reports/run-report.js';
import { requestFromQuery } from '../requests/from-http-query.js';
import { clip, usageSentence } from '../requests/usage-error.js';
import { controlCharIn, controlCharSentence } from '../lib/control-chars.js';
import { ADMIN_CALLER, authenticateToken, isRefusal, type ApiCaller, type TokenRefusal } from '../services/api-tokens.js';
import { bearerOf, hasBearerToken } from './bearer-token.js';
import { queryPairs, sendJson } from './http-json.js';

export interface ApiDeps {
  /** Report reads (a read replica when ANALYTICS_DATABASE_URL is set). */
  database: Database;
  /** The primary: per-user tokens are looked up and their use recorded here (default `database`). */
  primary?: Database;
  /** API_TOKEN: the admin token for automation, which sees everything. */
  apiToken: string | undefined;
  /** SLACK_ADMIN_USER_IDS: a token owned by one of them sees everything, as in Slack. */
  adminIds?: readonly string[];
  log: Logger;
  /** Runs the report; `serve` computes heavy ones on report threads (absent: `runReport` in-process). */
  runReport?: typeof runReport;
}

/**
 * GET /api/analytics/<report>?<filters>: the same JSON as `sales-bot report <name> --json`.
 * The bearer is API_TOKEN (everything) or a per-user token (`sales-bot token create`: its owner's scope).
 * 401 without a valid, unexpired, unrevoked token; 400 with a message for a bad filter or option; 403
 * when the owner's scope refuses what was asked; 404 for an unknown report.
 */
export function analyticsRoute(deps: ApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let caller: ApiCaller | TokenRefusal;
    try {
      caller = await callerOf(deps, req);
    } catch (e) {
      failed(deps, res, e, name(req));
      return;
    }
    if (isRefusal(caller)) {
      sendJson(res, 401, caller, { 'www-authenticate': 'Bearer' });
      return;
    }
    const report = name(req);
    const definition = reportByName(report);
    if (!definition) {
      sendJson(res, 404, { error: 'not_found', message: `No report "${report}". Reports: ${REPORTS.map((r) => r.name).join(', ')}.` });
      return;
    }
    const pairs = queryPairs(req);
    // Checked here, before any value can reach SQL (PostgreSQL refuses a NUL in a text parameter).
    for (const [key, value] of pairs) {
      const control = controlCharIn(key) ?? controlCharIn(value);
      if (control) {
        sendJson(res, 400, { error: 'bad_request', message: controlCharSentence(`Parameter ${JSON.stringify(clip(key.replace(/[^\x20-\x7e]/g, '?'), 40))}`, control) });
        return;
      }
    }
    const parsed = requestFromQuery(report, pairs);
    if (!parsed.ok) {
      sendJson(res, 400, { error: 'bad_request', message: usageSentence(parsed.usage), ...(parsed.usage.usage ? { usage: parsed.usage.usage } : {}) });
      return;
    }
    const c = parsed.request;
    try {
      const result = await (deps.runReport ?? runReport)(deps.database, definition, {
        filters: c.filters,
        options: c.options,
        asOf: c.asOf,
        limit: c.limit,
        // A per-user token answers as its owner would be answered in Slack: a salesman sees his own book,
        // and an id outside it reads like one that does not exist ("not found in your data").
        scope: caller.scope,
        ...(caller.asker ? { asker: caller.asker } : {}),
      });
      sendJson(res, 200, result);
    } catch (e) {
      failed(deps, res, e, report);
    }
  };
}

/** The report name: Bolt's router puts path parameters on the request. */
function name(req: IncomingMessage): string {
  return (req as { params?: Record<string, string | undefined> }).params?.report ?? '';
}

const NO_TOKEN: TokenRefusal = {
  error: 'unauthorized',
  message: 'Send Authorization: Bearer <token>, with a token from `sales-bot token create` (or API_TOKEN).',
};

/** Who the request speaks for: API_TOKEN sees everything; a per-user token its owner's scope. */
async function callerOf(deps: ApiDeps, req: IncomingMessage): Promise<ApiCaller | TokenRefusal> {
  if (hasBearerToken(req, deps.apiToken)) return ADMIN_CALLER;
  const bearer = bearerOf(req);
  if (!bearer) return NO_TOKEN;
  return authenticateToken(deps.primary ?? deps.database, bearer, deps.adminIds ?? []);
}

/** A failure as the API answers it: the person's errors with their sentence, ours with a log line. */
function failed(deps: ApiDeps, res: ServerResponse, e: unknown, report: string): void {
  if (isAppError(e) && e.code === 'USAGE') {
    sendJson(res, 400, { error: 'bad_request', message: e.message, ...(e.hint ? { usage: e.hint } : {}) });
    return;
  }
  // A token's scope refusing an id, or an owner who can see nothing: the same sentence Slack gives.
  if (isAppError(e) && (e.code === 'FORBIDDEN' || e.code === 'UNMAPPED_USER')) {
    sendJson(res, 403, { error: 'forbidden', message: e.message, ...(e.hint ? { usage: e.hint } : {}) });
    return;
  }
  const fault = databaseFault(e);
  if (fault) {
    deps.log.warn({ code: fault.code, reason: fault.message, report }, 'API report failed: database unavailable');
    sendJson(res, 503, { error: 'unavailable', message: `${fault.message} ${fault.hint ?? ''}`.trim() }, { 'retry-after': '30' });
    return;
  }
  deps.log.error({ err: e, report }, 'API report failed');
  sendJson(res, 500, { error: 'internal', message: 'The report failed on our side; the details are in the server log.' });
}
