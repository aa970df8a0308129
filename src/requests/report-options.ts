import type { ReportOption } from '../reports/report-module.js';

/** Options every report takes in Slack besides filters. */
export const COMMON_OPTION_NAMES = ['as-of', 'limit'] as const;

/** Largest `limit:` accepted; 0 means every row. */
export const MAX_LIMIT = 10_000;

/**
 * The Slack token name of a report option, from its CLI flag: `--min-support <x>` → `min-support`.
 * Slack writes it `min-support:0.01`.
 */
export function optionName(option: Pick<ReportOption, 'flag'>): string {
  const m = /--([a-z0-9][a-z0-9-]*)/i.exec(option.flag);
  return (m?.[1] ?? option.flag.replace(/[^a-z0-9-]/gi, '')).toLowerCase();
}

/** The flag's value placeholder, e.g. `x` for `--min-support <x>`. */
export function optionPlaceholder(option: Pick<ReportOption, 'flag'>): string {
  return /<([^>]+)>/.exec(option.flag)?.[1] ?? 'value';
}

/**
 * An example value for help texts: the default the description states ("(default 0.01)") when it is a
 * single word, else the placeholder in angle brackets.
 */
export function optionExample(option: Pick<ReportOption, 'flag' | 'description'>): string {
  const stated = /\(default ([^\s),;:]+)\)/.exec(option.description)?.[1];
  return `${optionName(option)}:${stated ?? `<${optionPlaceholder(option)}>`}`;
}

/**
 * Report texts name CLI flags (`--min-support must be …`, `--limit 0 for all`); Slack users type
 * `min-support:` and `limit:0`.
 */
export function slackifyFlags(message: string): string {
  return message.replace(/--([a-z][a-z0-9-]*)(?: (\d[\d.]*\b))?/gi, (_, name: string, value: string | undefined) => `${name.toLowerCase()}:${value ?? ''}`);
}
