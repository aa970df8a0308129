import { readReportRequest } from './read-report.js';
import type { RequestResult } from './report-request.js';
import { partOf, word } from './request-parts.js';

/** What commander already read from `sales-bot report <name> [words…] [--flags]`. */
export interface CliReportFlags {
  asOf?: string | undefined;
  limit?: number | undefined;
  /** Report options by key, converted by the report's own parsers (commander calls them). */
  options: Record<string, unknown>;
}

/**
 * `sales-bot report rfm West last month --limit 10`: the words (shell arguments, so already one token
 * each) go through the same reader as every door; flags (converted by commander) win over the same
 * thing said in words.
 */
export function requestFromCli(report: string | undefined, words: readonly string[], flags: CliReportFlags): RequestResult {
  // Without a report name (`sales-bot report top customers last month`) the words name it.
  const parts = [...(report === undefined ? [] : [word(report)]), ...words.map(partOf)];
  const parsed = readReportRequest(parts);
  if (!parsed.ok) return parsed;
  const request = parsed.request;
  const asOf = flags.asOf ?? request.asOf;
  const limit = flags.limit ?? request.limit;
  return {
    ok: true,
    request: {
      ...request,
      options: { ...request.options, ...flags.options },
      ...(asOf !== undefined ? { asOf } : {}),
      ...(limit !== undefined ? { limit } : {}),
      public: false,
    },
  };
}
