import { FILTER_USAGE } from '../lib/report-filters.js';
import { optionExample, optionName, optionPlaceholder } from './report-options.js';
import type { ReportSpec } from './report-spec.js';

/**
 * The slash command as registered in manifest.yml. Usage texts are written as typed in Slack, where
 * most requests are typed; the CLI adds its own hint (FILTER_USAGE) and the API passes the text on.
 */
export const SLASH = '/sales';

/** How to ask for a report, with the report names. */
export function reportRequestLine(reports: readonly ReportSpec[]): string {
  return `\`${SLASH} <report> [filters] [public]\` — reports: ${reports.map((r) => r.name).join(', ')}`;
}

/** Requests in plain words. */
export const PLAIN_WORDS_LINE = `Or say it in words: \`${SLASH} top customers last quarter\` · \`${SLASH} revenue last month\` · \`${SLASH} who is at risk\``;

/** The usage for words that name no report: how to name one, or say it in words. */
export function reportsUsage(reports: readonly ReportSpec[]): string {
  return [reportRequestLine(reports), PLAIN_WORDS_LINE].join('\n');
}

/** How to write one report request: its filters and its own options. */
export function reportUsage(report: ReportSpec): string {
  const own = report.options.map((o) => `${optionName(o)}:<${optionPlaceholder(o)}>`);
  const lines = [
    `\`${SLASH} ${report.name} [filters] ${own.map((o) => `[${o}]`).join(' ')}${own.length ? ' ' : ''}[as-of:YYYY-MM-DD] [limit:N] [public]\``,
    FILTER_USAGE,
  ];
  if (report.options.length > 0) lines.push(`Options: ${report.options.map((o) => `${optionName(o)}: ${o.description}`).join('; ')}.`);
  const example = [report.name, 'last:90d', ...report.options.slice(0, 1).map(optionExample).filter((e) => !e.includes('<'))].join(' ');
  lines.push(`e.g. \`${SLASH} ${example}\``);
  return lines.join('\n');
}
