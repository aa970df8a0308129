import type { ChartConfiguration } from 'chart.js';
import type { z } from 'zod';
import type { Database } from '../db/client.js';
import type { LineFilter } from '../db/sql/line-filter.js';
import type { ReportFilters } from '../lib/report-filters.js';
import type { DrillTarget } from '../views/drill-target.js';
import type { ReportView } from '../views/report-view.js';

/** Rows in report lists unless the request says otherwise. */
export const DEFAULT_LIMIT = 20;

/** Who is asking: a salesman sees only their own numbers whatever filters they send. */
export type ReportScope = { kind: 'all' } | { kind: 'salesman'; salesmanId: number; salesmanExternalId: string };

export interface ReportRequest {
  filters: ReportFilters;
  /** YYYY-MM-DD; default today in SALES_TZ, or the last day with data when the data ends before today. */
  asOf?: string | undefined;
  /** Rows in lists; 0 = everything. */
  limit?: number | undefined;
  /** Report-specific options, already validated by the report's option parsers. */
  options?: Record<string, unknown>;
  scope?: ReportScope;
  /** Who asks, for `me` (their own salesman id; null = a Slack user with no link; absent = CLI/API). */
  asker?: { me: string | null; role?: string };
}

/** First and last business day (SALES_TZ) with an order. */
export interface DataRange {
  from: string;
  to: string;
}

/**
 * Everything a report's query and model need, resolved from a request. `Options` is the report's own
 * options object, validated by its `optionsSchema` (defaults not yet applied: absent = the report's default).
 */
export interface ReportContext<Options extends object = Record<string, unknown>> {
  database: Database;
  filters: ReportFilters;
  /** The as-of day: the request's, else today, else (data ending before today) the data's last day. */
  asOf: string;
  /** Today in SALES_TZ. */
  today: string;
  /** Where the data is; null when no sales are imported. */
  dataRange: DataRange | null;
  /**
   * Set when no as-of was given and the data ends before today: default and relative windows (and the
   * as-of of recency, T, …) end on this day, the last day with data, instead of today.
   */
  dataEnds?: string;
  /** Inclusive business days the report covers; `from` absent = since the beginning. */
  period: { from?: string; to: string };
  /** Filters ready for SQL (period + members + scope). */
  lines: LineFilter;
  limit: number;
  options: Options;
  timeZone: string;
  /** SALES_WORKDAYS: the ISO weekdays (1 = Monday … 7 = Sunday) the business works. */
  workdays: readonly number[];
  /** Latest order time in the data (ISO), null when there are no orders. */
  dataAsOf: string | null;
  /** True when the request uses no filters, no as-of and no options: the view snapshots keep. */
  isDefault: boolean;
  scope: ReportScope;
}

/** Fields every report result carries besides its own shape (analytics.md). */
export interface ReportEnvelope {
  report: string;
  asOf: string;
  /** Data freshness: the latest order date in the data. */
  dataAsOf: string | null;
  // The next two are always set by runReport; optional so hand-built envelopes (tests, previews) stay short.
  /** SALES_TZ: business days and times in the answer are in this zone. */
  timeZone?: string;
  /** First and last business day with an order; null when no sales are imported. */
  dataRange?: DataRange | null;
  /**
   * Set when no as-of was given and the data ends before today: the as-of day, and every default or
   * relative window, is this day (the data's last) instead of today. Explicit `from:`/`to:` still mean
   * what they say (see ReportContext).
   */
  dataEnds?: string;
  /** The days the report read when they hold no order (filters and period match nothing). */
  emptyWindow?: { from?: string; to: string };
  /** One short sentence on where the data is, for every renderer ("Your data ends 1998-05-06, so windows end there."). */
  dataNote?: string;
  /** Whose book the answer covers when it is scoped to a salesman ("your customers (Nancy Davolio)"). */
  scopeLabel?: string;
  period: { from?: string; to: string };
  filters: ReportFilters;
  /** 'snapshot' when read from the materialized default view, else 'live'. */
  source: 'snapshot' | 'live';
  /** When the snapshot was computed (source = snapshot). */
  snapshotAt?: string;
  /** Seconds the read replica that answered is behind the primary, when at least ANALYTICS_LAG_NOTICE_SECONDS. */
  replicaLagSeconds?: number;
  /**
   * True while an import's changes are not yet in the rollups (its refresh is running, or was killed and
   * awaits the next refresh or start-up repair): rollup-based figures may miss them, and the freshness
   * line says so (see `ROLLUPS_BEHIND_TEXT` in answer-meta.ts).
   */
  rollupsBehind?: true;
}

export interface ReportOption {
  /** Key in `options`, e.g. minSupport. */
  key: string;
  /** Commander flag, e.g. '--min-support <x>'. */
  flag: string;
  description: string;
  /** Validates and converts the text value; throws AppError('USAGE') when bad. */
  parse: (value: string) => unknown;
}

/** What `run` may add to its body: where it came from (a stored default view or a live computation). */
export interface SourceMark {
  source?: 'snapshot' | 'live';
  snapshotAt?: string;
}

/**
 * One report: everything that is that report, in its own folder `src/reports/<name>/`. The registry
 * (`src/reports/registry.ts`) lists the modules; nothing else keys on a report's name. Doors and
 * services reach a report only through these members.
 *
 * `Options` is the report's options object (what its `optionsSchema` yields), `Result` its body (the
 * JSON shape of analytics.md without the common envelope).
 */
export interface ReportModule<Options extends object = object, Result extends object = object> {
  /** The word people type (`/sales rfm`), the API path (`/api/analytics/rfm`) and the snapshot key. */
  name: string;
  title: string;
  /** One line for help texts. */
  summary: string;
  /** Flags/`key:value` options, each converting its text (CLI `--min-support 0.02`, Slack `min-support:0.02`). */
  options: readonly ReportOption[];
  /** Validates the converted options into the typed object `run` receives (zod); unknown keys are dropped. */
  optionsSchema: z.ZodType<Options>;
  /**
   * What people type for this report (lower case, words separated by one space); the longest phrase
   * wins across reports, so "revenue by region" can belong to geo while "revenue" belongs to kpi.
   */
  phrases: readonly string[];
  /** Options a phrase implies, as `name:value` tokens ("top customers" → `list:customers`). */
  phraseOptions?: Readonly<Record<string, readonly string[]>>;
  /** Help text: an example of filters/options that makes sense for this report (tests parse every one). */
  help: { example: string };
  /** Position of this report's button on the App Home (absent = no button). */
  homeButton?: number;
  /**
   * Snapshot policy: when set, the refresh step stores this report's default view; reports with the same
   * group share one context (their models are cached per context) and are computed together.
   */
  snapshot?: { group: string };
  /**
   * True when computing the report burns CPU in Node (a model fit, itemset mining) rather than in SQL:
   * servers run it on a report thread (ReportThreads) so the event loop acknowledging commands stays free.
   */
  heavy?: boolean;
  run(ctx: ReportContext<Options>): Promise<Result & SourceMark>;
  /**
   * The days of orders the report reads for `ctx` (its own default window when the request gives no
   * start), checked for emptiness; null when it does not read orders (leads), or when a window without
   * orders is itself the answer (slow movers). Absent = `ctx.period`.
   */
  window?(ctx: ReportContext<Options>): { from?: string; to: string } | null;
  /** The table and key figures every door renders. */
  view(result: Result & ReportEnvelope): ReportView;
  /** The one chart (a Chart.js configuration), or null when the result has nothing to draw. */
  chart(result: Result & ReportEnvelope): ChartConfiguration | null;
  /** What an answer can drill into (segments, classes, customers, regions), in the report's order. */
  drills?(result: Result & ReportEnvelope): DrillTarget[];
}

/** Identity that lets TypeScript infer a module's `Options` and `Result` from its members. */
export function defineReport<Options extends object, Result extends object>(module: ReportModule<Options, Result>): ReportModule<Options, Result> {
  return module;
}
