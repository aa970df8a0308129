import { OVERVIEW_REPORT, REPORTS } from '../reports/registry.js';
import { readPlainWords, type PlainReading } from './plain-words.js';
import { parseReportArgs } from './report-args.js';
import type { RequestResult } from './report-request.js';
import type { ReportSpec } from './report-spec.js';
import { reportsUsage } from './report-usage.js';
import { partText, type RequestPart } from './request-parts.js';
import { suggest } from './typo-suggest.js';
import { clip } from './usage-error.js';

export interface ReadOptions {
  /** Defaults to the registry; tests may pass their own. */
  reports?: readonly ReportSpec[];
  /**
   * The door's own command words (Slack's `help`, `log`, `subscribe`, …): a first word that is a typo of
   * one ("subscibe rfm") is not overruled by a report phrase after it, and the error suggests the command.
   */
  commandWords?: readonly string[];
  /** The usage shown when no report is named, given the suggested word (defaults to the report list). */
  unknownUsage?: (suggestion: string | undefined) => string;
}

/**
 * The one reader of report requests, whichever door they came through (the adapters in this folder
 * build the parts): a report name or a phrase naming one ("top customers") first, then filters,
 * options, plain words, `public`.
 */
export function readReportRequest(parts: readonly RequestPart[], opts: ReadOptions = {}): RequestResult {
  const reports = opts.reports ?? REPORTS;
  const first = parts[0];
  if (first === undefined) return { ok: false, usage: { message: 'Name a report, or say what you want to see.', usage: reportsUsage(reports) } };
  const firstText = partText(first);
  const name = firstText.toLowerCase();
  const report = first.kind === 'word' ? reports.find((r) => r.name === name) : undefined;
  if (report) return readReport(report, parts.slice(1), reports);
  const guess = suggest(name, [...(opts.commandWords ?? []), ...reports.map((r) => r.name)]);
  // No report name first: plain words may name one anywhere ("top customers", "revenue last month").
  // A link or a mention holding a colon is not a plain word either: it goes to the report, which says why.
  const isFree = (p: RequestPart): p is Extract<RequestPart, { kind: 'word' }> => p.kind === 'word' && !(p.word.indexOf(':') > 0) && p.word.toLowerCase() !== 'public';
  const freeWords = parts.filter(isFree).map((p) => p.word);
  const given = parts.filter((p) => !isFree(p));
  const plain = readPlainWords(freeWords, { findReport: true });
  const byPhrase = plain.report === undefined ? undefined : reports.find((r) => r.name === plain.report);
  // A first word that is a typo of a command ("subscibe rfm") is not overruled by a phrase after it,
  // unless the word is itself a known plain word ("show me the top customers": show is not "slow").
  const firstIsPlain = readPlainWords([firstText], { findReport: true }).words.length === 0;
  if (byPhrase && (plain.reportAt === 0 || guess === undefined || firstIsPlain)) {
    const givenKeys = new Set(given.flatMap((p) => (p.kind === 'pair' ? [p.key.toLowerCase()] : [])));
    // What the phrase implies ("top customers" → list:customers), unless said outright.
    const implied = (plain.reportTokens ?? []).map(impliedPart).filter((p) => !givenKeys.has(p.key));
    return readReport(byPhrase, [...given, ...implied], reports, plain);
  }
  // Only a period, `me` or filters ("since March", "me this month"), or a sentence that starts with a
  // known word ("how did Erik do last month"): the sales overview is meant.
  const overview = reports.find((r) => r.name === OVERVIEW_REPORT.name);
  if (overview && (firstIsPlain || (guess === undefined && plain.words.length === 0)) && (plain.period || plain.mine || given.length > 0)) {
    return readReport(overview, given, reports, plain);
  }
  return {
    ok: false,
    usage: {
      message: `I don't know the command "${clip(firstText)}".`,
      usage: opts.unknownUsage ? opts.unknownUsage(guess) : reportsUsage(reports),
      ...(guess ? { suggestion: guess } : {}),
    },
  };
}

/** A phrase's implied option (`list:customers`), as report-phrases writes it. */
function impliedPart(token: string): Extract<RequestPart, { kind: 'pair' }> {
  const colon = token.indexOf(':');
  return { kind: 'pair', key: token.slice(0, colon), value: token.slice(colon + 1) };
}

function readReport(report: ReportSpec, args: readonly RequestPart[], reports: readonly ReportSpec[], plain?: PlainReading): RequestResult {
  const parsed = parseReportArgs(report, args, { allowPublic: true, allowAsOf: true, allowWords: true, allReports: reports, ...(plain ? { plain } : {}) });
  if (!parsed.ok) return parsed;
  const a = parsed.args;
  return {
    ok: true,
    request: {
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
