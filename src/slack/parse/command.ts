import { readPlainWords, type PlainReading } from '../../requests/plain-words.js';
import { REPORTS } from '../../reports/registry.js';
import { parseAdmin } from './admin-command.js';
import type { ParseResult, ReportSpec } from './command-types.js';
import { parseLog } from './log-command.js';
import { clip, parseReportArgs, suggest } from './report-args.js';
import { parseSubscribe, parseSubscriptionId } from './subscription-command.js';
import { tokenizeSpans } from './tokens.js';
import { COMMAND_WORDS, SLASH, SUBSCRIBE_USAGE, generalUsage } from './usage-texts.js';

export type { ParseResult, SlashCommand, UsageError, ReportCommand } from './command-types.js';

/** Slack caps command text far below this; longer input is refused before any work. */
export const MAX_COMMAND_TEXT = 8000;

/**
 * Reads the text after `/sales` into a typed command, or a usage error saying what is wrong and how to
 * write it. Never throws, whatever the input.
 *
 * `reports` defaults to the registry; tests may pass their own.
 */
export function parseCommand(text: string, reports: readonly ReportSpec[] = REPORTS): ParseResult {
  try {
    return dispatch(typeof text === 'string' ? text : '', reports);
  } catch {
    // A parser bug must not become an unanswered command; the usage still helps the person.
    return { ok: false, usage: { message: 'That command could not be read.', usage: generalUsage(reports) } };
  }
}

function dispatch(text: string, reports: readonly ReportSpec[]): ParseResult {
  if (text.length > MAX_COMMAND_TEXT) {
    return { ok: false, usage: { message: `That command is too long (over ${MAX_COMMAND_TEXT} characters).`, usage: generalUsage(reports) } };
  }
  const tokens = tokenizeSpans(text);
  const words = tokens.map((t) => t.value);
  const first = words[0]?.toLowerCase();
  if (first === undefined) return { ok: true, command: { kind: 'help' } };
  const extra = (word: string): ParseResult => ({
    ok: false,
    usage: { message: `${word} takes nothing after it; "${clip(words.slice(1).join(' '))}" is extra.`, usage: `\`${SLASH} ${word}\``, command: word },
  });
  switch (first) {
    case 'help':
    case '?': {
      const topic = words[1]?.toLowerCase();
      return { ok: true, command: topic ? { kind: 'help', topic: clip(topic, 40) } : { kind: 'help' } };
    }
    case 'log':
      return parseLog(text, tokens);
    case 'admin':
      return parseAdmin(words);
    case 'subscribe':
      return parseSubscribe(words, reports);
    case 'subscriptions':
    case 'status':
      return words.length > 1 ? extra(first) : { ok: true, command: { kind: first } };
    case 'unsubscribe':
    case 'pause':
    case 'resume':
      return parseSubscriptionId(words);
    case 'calls':
      return words.length > 1 ? extra(first) : { ok: true, command: { kind: 'calls' } };
  }
  // `report rfm …` is how the CLI writes it, and `public` may come first; accept both.
  const reportWords = (first === 'report' || first === 'public') && words.length > 1 ? [...words.slice(1), ...(first === 'public' ? [words[0]!] : [])] : words;
  return parseReportTokens(reportWords, reports);
}

/**
 * The one reader of report requests, for Slack text, CLI words and HTTP query pairs alike (the adapters
 * in src/requests build the tokens): a report name or a phrase naming one ("top customers"), then
 * filters, options, plain words, `public`. `reportWords` is not empty.
 */
export function parseReportTokens(reportWords: readonly string[], reports: readonly ReportSpec[] = REPORTS): ParseResult {
  const name = reportWords[0]!.toLowerCase();
  const report = reports.find((r) => r.name === name);
  if (report) return parseReport(report, reportWords.slice(1), reports);
  const guess = suggest(name, [...COMMAND_WORDS, ...reports.map((r) => r.name)]);
  // No report name first: plain words may name one anywhere ("top customers", "revenue last month").
  const isFree = (t: string) => !(t.indexOf(':') > 0 || t.toLowerCase() === 'public');
  const plain = readPlainWords(reportWords.filter(isFree), { findReport: true });
  const byPhrase = plain.report === undefined ? undefined : reports.find((r) => r.name === plain.report);
  // A first word that is a typo of a command ("subscibe rfm") is not overruled by a phrase after it,
  // unless the word is itself a known plain word ("show me the top customers": show is not "slow").
  const firstIsPlain = readPlainWords([reportWords[0]!], { findReport: true }).words.length === 0;
  if (byPhrase && (plain.reportAt === 0 || guess === undefined || firstIsPlain)) {
    const given = reportWords.filter((t) => !isFree(t));
    const givenKeys = new Set(given.map((t) => t.slice(0, t.indexOf(':')).toLowerCase()));
    // What the phrase implies ("top customers" → list:customers), unless said outright.
    const implied = (plain.reportTokens ?? []).filter((t) => !givenKeys.has(t.slice(0, t.indexOf(':'))));
    return parseReport(byPhrase, [...given, ...implied], reports, plain);
  }
  // Only a period, `me` or filters ("since March", "me this month"), or a sentence that starts with a
  // known word ("how did Erik do last month"): the sales overview (kpi) is meant.
  const kpi = reports.find((r) => r.name === 'kpi');
  if (kpi && (firstIsPlain || (guess === undefined && plain.words.length === 0)) && (plain.period || plain.mine || reportWords.some((t) => !isFree(t)))) {
    return parseReport(kpi, reportWords.filter((t) => !isFree(t)), reports, plain);
  }
  return {
    ok: false,
    usage: {
      message: `I don't know the command "${clip(reportWords[0]!)}".`,
      usage: guess === 'subscribe' ? SUBSCRIBE_USAGE : generalUsage(reports),
      ...(guess ? { suggestion: guess } : {}),
    },
  };
}

function parseReport(report: ReportSpec, args: readonly string[], reports: readonly ReportSpec[], plain?: PlainReading): ParseResult {
  const parsed = parseReportArgs(report, args, { allowPublic: true, allowAsOf: true, allowWords: true, allReports: reports, ...(plain ? { plain } : {}) });
  if (!parsed.ok) return parsed;
  const a = parsed.args;
  return {
    ok: true,
    command: {
      kind: 'report',
      report: report.name,
      filters: a.filters,
      options: a.options,
      ...(a.asOf !== undefined ? { asOf: a.asOf } : {}),
      ...(a.limit !== undefined ? { limit: a.limit } : {}),
      public: a.public,
      canonical: [report.name, ...a.tokens].join(' '),
    },
  };
}
