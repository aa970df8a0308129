import { tokenize } from '../lib/text-tokens.js';
import { readReportRequest, type ReadOptions } from './read-report.js';
import type { RequestResult } from './report-request.js';
import { partOf } from './request-parts.js';

/**
 * The words of `/sales <text>` when they ask for a report: the Slack door's adapter (Slack's own
 * command dispatch in src/slack/parse hands over whatever is not one of its commands). `report rfm …`
 * is how the CLI writes it, and `public` may come first; both are accepted.
 */
export function requestFromSlackWords(words: readonly string[], opts: ReadOptions = {}): RequestResult {
  const first = words[0]?.toLowerCase();
  const reportWords = (first === 'report' || first === 'public') && words.length > 1 ? [...words.slice(1), ...(first === 'public' ? [words[0]!] : [])] : words;
  return readReportRequest(reportWords.map(partOf), opts);
}

/** `/sales <text>` read as a report request (straight and curly quotes keep a name with spaces whole). */
export function requestFromText(text: string, opts: ReadOptions = {}): RequestResult {
  return requestFromSlackWords(tokenize(text), opts);
}
