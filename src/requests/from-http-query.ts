import { tokenize } from '../lib/text-tokens.js';
import { parseReportTokens } from '../slack/parse/command.js';
import type { RequestResult } from './report-request.js';

/**
 * GET /api/analytics/<report>?region=iberia&last=90d&q=top+5+West: each pair becomes one `key:value`
 * token as it is (no text round trip, so values need no quoting); `q` holds plain words, read as in Slack.
 */
export function requestFromQuery(report: string, pairs: readonly (readonly [string, string])[]): RequestResult {
  const tokens: string[] = [report];
  for (const [key, value] of pairs) {
    if (key === 'q' || key === 'words') tokens.push(...tokenize(value));
    else tokens.push(`${key}:${value}`);
  }
  const parsed = parseReportTokens(tokens);
  if (!parsed.ok) return parsed;
  if (parsed.command.kind !== 'report') return { ok: false, usage: { message: `Bad request for ${report}.`, usage: '' } };
  const { kind: _kind, public: _public, ...request } = parsed.command;
  return { ok: true, request: { ...request, public: false } };
}
