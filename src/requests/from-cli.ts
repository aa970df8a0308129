import { parseReportTokens } from '../slack/parse/command.js';
import type { RequestResult } from './report-request.js';

/** What commander already read from `sales-bot report <name> [words…] [--flags]`. */
export interface CliReportFlags {
  asOf?: string | undefined;
  limit?: number | undefined;
  /** Report options by key, converted by the report's own parsers (commander calls them). */
  options: Record<string, unknown>;
}

/**
 * `sales-bot report rfm West last month --limit 10`: the words go through the same reader as Slack
 * text; flags (converted by commander) win over the same thing said in words.
 */
export function requestFromCli(report: string | undefined, words: readonly string[], flags: CliReportFlags): RequestResult {
  // Without a report name (`sales-bot report top customers last month`) the words name it, as in Slack.
  const parsed = parseReportTokens(report === undefined ? words : [report, ...words]);
  if (!parsed.ok) return parsed;
  if (parsed.command.kind !== 'report') return { ok: false, usage: { message: `"${words.join(' ')}" does not name a report.`, usage: '' } };
  const { kind: _kind, public: _public, ...request } = parsed.command;
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
