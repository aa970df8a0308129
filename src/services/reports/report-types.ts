import type { Database } from '../../db/client.js';
import type { LineFilter } from '../../db/queries/line-filter.js';
import type { ReportFilters } from '../../lib/report-filters.js';
import type { ReportView } from '../../views/report-view.js';

/** Rows in report lists unless the request says otherwise. */
export const DEFAULT_LIMIT = 20;

/** Who is asking: a salesman sees only their own numbers whatever filters they send. */
export type ReportScope = { kind: 'all' } | { kind: 'salesman'; salesmanId: number; salesmanExternalId: string };

export interface ReportRequest {
  filters: ReportFilters;
  /** YYYY-MM-DD; default today in SALES_TZ. */
  asOf?: string | undefined;
  /** Rows in lists; 0 = everything. */
  limit?: number | undefined;
  /** Report-specific options, already validated by the report's option parsers. */
  options?: Record<string, unknown>;
  scope?: ReportScope;
  /** Who asks, for `me` (their own salesman id; null = a Slack user with no link; absent = CLI/API). */
  asker?: { me: string | null; role?: string };
}

export interface ReportContext {
  database: Database;
  filters: ReportFilters;
  asOf: string;
  /** Inclusive business days the report covers; `from` absent = since the beginning. */
  period: { from?: string; to: string };
  /** Filters ready for SQL (period + members + scope). */
  lines: LineFilter;
  limit: number;
  options: Record<string, unknown>;
  timeZone: string;
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
  period: { from?: string; to: string };
  filters: ReportFilters;
  /** 'snapshot' when read from the materialized default view, else 'live'. */
  source: 'snapshot' | 'live';
  /** When the snapshot was computed (source = snapshot). */
  snapshotAt?: string;
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

export interface ReportDefinition<Body extends object = object> {
  name: string;
  title: string;
  /** One line for help texts. */
  summary: string;
  options: ReportOption[];
  run(ctx: ReportContext): Promise<Body & { source?: 'snapshot' | 'live'; snapshotAt?: string }>;
  view(result: Body & ReportEnvelope): ReportView;
}
