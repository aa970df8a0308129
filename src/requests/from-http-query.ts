import { tokenize } from '../lib/text-tokens.js';
import { readReportRequest } from './read-report.js';
import type { RequestResult } from './report-request.js';
import { partOf, word, type RequestPart } from './request-parts.js';

/**
 * GET /api/analytics/<report>?region=iberia&last=90d&q=top+5+West: each pair is one part as it is (no
 * text round trip, so values need no quoting); `q` (or `words`) holds plain words, split as typed text is.
 */
export function requestFromQuery(report: string, pairs: readonly (readonly [string, string])[]): RequestResult {
  const parts: RequestPart[] = [word(report)];
  for (const [key, value] of pairs) {
    if (key === 'q' || key === 'words') parts.push(...tokenize(value).map(partOf));
    else parts.push({ kind: 'pair', key, value });
  }
  const parsed = readReportRequest(parts);
  return parsed.ok ? { ok: true, request: { ...parsed.request, public: false } } : parsed;
}
