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
import { hasBearerToken } from './bearer-token.js';
import { queryPairs, sendJson } from './http-json.js';

export interface ApiDeps {
  database: Database;
  apiToken: string | undefined;
  log: Logger;
  /** Runs the report; `serve` computes heavy ones on report threads (absent: `runReport` in-process). */
  runReport?: typeof runReport;
}

/**
 * GET /api/analytics/<report>?<filters>: the same JSON as `sales-bot report <name> --json`.
 * 401 without the bearer token; 400 with a message for a bad report name, filter or option.
 */
export function analyticsRoute(deps: ApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hasBearerToken(req, deps.apiToken)) {
      sendJson(res, 401, { error: 'unauthorized', message: 'Send Authorization: Bearer <API_TOKEN>.' }, { 'www-authenticate': 'Bearer' });
      return;
    }
    // Bolt's router puts path parameters on the request.
    const name = (req as { params?: Record<string, string | undefined> }).params?.report ?? '';
    const definition = reportByName(name);
    if (!definition) {
      sendJson(res, 404, { error: 'not_found', message: `No report "${name}". Reports: ${REPORTS.map((r) => r.name).join(', ')}.` });
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
    const parsed = requestFromQuery(name, pairs);
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
      });
      sendJson(res, 200, result);
    } catch (e) {
      if (isAppError(e) && e.code === 'USAGE') {
        sendJson(res, 400, { error: 'bad_request', message: e.message, ...(e.hint ? { usage: e.hint } : {}) });
        return;
      }
      const fault = databaseFault(e);
      if (fault) {
        deps.log.warn({ code: fault.code, reason: fault.message, report: name }, 'API report failed: database unavailable');
        sendJson(res, 503, { error: 'unavailable', message: `${fault.message} ${fault.hint ?? ''}`.trim() }, { 'retry-after': '30' });
        return;
      }
      deps.log.error({ err: e, report: name }, 'API report failed');
      sendJson(res, 500, { error: 'internal', message: 'The report failed on our side; the details are in the server log.' });
    }
  };
}
