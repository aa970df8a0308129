import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { isAppError } from '../lib/errors.js';
import { reportByName, REPORTS } from '../services/reports/registry.js';
import { runReport } from '../services/reports/run-report.js';
import { parseCommand } from '../slack/parse/command.js';
import { hasBearerToken } from './bearer-token.js';
import { queryPairs, sendJson } from './http-json.js';

export interface ApiDeps {
  database: Database;
  apiToken: string | undefined;
  log: Logger;
}

/** Query values become the same `key:value` tokens a person types, so one parser checks both. */
function requestText(report: string, pairs: [string, string][]): string {
  const tokens = pairs.map(([k, v]) => `${k}:"${v.replace(/"/g, '')}"`);
  return [report, ...tokens].join(' ');
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
    const limitPair = pairs.find(([k]) => k === 'limit');
    const parsed = parseCommand(requestText(name, pairs.filter(([k]) => k !== 'limit')));
    if (!parsed.ok || parsed.command.kind !== 'report') {
      const message = parsed.ok
        ? `Bad request for ${name}.`
        : `${parsed.usage.message}${parsed.usage.suggestion ? ` Did you mean ${parsed.usage.suggestion}?` : ''}`;
      sendJson(res, 400, { error: 'bad_request', message, ...(parsed.ok ? {} : { usage: parsed.usage.usage }) });
      return;
    }
    const limit = limitPair === undefined ? undefined : Number(limitPair[1]);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
      sendJson(res, 400, { error: 'bad_request', message: `limit must be a whole number ≥ 0 (0 = everything), got "${limitPair![1]}".` });
      return;
    }
    const c = parsed.command;
    try {
      const result = await runReport(deps.database, definition, {
        filters: c.filters,
        options: c.options,
        asOf: c.asOf,
        limit: limit ?? c.limit,
      });
      sendJson(res, 200, result);
    } catch (e) {
      if (isAppError(e) && e.code === 'USAGE') {
        sendJson(res, 400, { error: 'bad_request', message: e.message, ...(e.hint ? { usage: e.hint } : {}) });
        return;
      }
      deps.log.error({ err: e, report: name }, 'API report failed');
      sendJson(res, 500, { error: 'internal', message: 'The report failed on our side; the details are in the server log.' });
    }
  };
}
