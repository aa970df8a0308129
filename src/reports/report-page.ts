import type { Database } from '../db/client.js';
import type { ReportView } from '../views/report-view.js';
import { runReport } from './run-report.js';
import { DEFAULT_LIMIT, type ReportModule, type ReportEnvelope, type ReportRequest } from './report-module.js';

/** Rows one chat message shows; a text table wider than this stops being readable in Slack. */
export const PAGE_SIZE = 10;

/** Rows an export may hold; bigger lists belong in the CLI or the JSON API. */
export const EXPORT_MAX_ROWS = 50_000;

export interface ReportPage {
  result: object & ReportEnvelope;
  /** The view with only this page's rows. */
  view: ReportView;
  page: number;
  pageSize: number;
  hasNext: boolean;
}

/**
 * One page of a report for chat. A page within the default list length asks for the default limit, so
 * a default request still reads the materialized snapshot; later pages ask for one row more than they
 * show, which tells whether a next page exists without counting.
 */
export async function runReportPage(
  database: Database,
  definition: ReportModule,
  request: Omit<ReportRequest, 'limit'>,
  page: number,
  pageSize: number = PAGE_SIZE,
): Promise<ReportPage> {
  const end = (page + 1) * pageSize;
  const limit = end < DEFAULT_LIMIT ? undefined : end + 1;
  const result = (await runReport(database, definition, { ...request, limit })) as object & ReportEnvelope;
  const full = definition.view(result);
  return {
    result,
    view: { ...full, rows: full.rows.slice(page * pageSize, end) },
    page,
    pageSize,
    hasNext: full.rows.length > end,
  };
}

/** Every row of a report (up to EXPORT_MAX_ROWS) as a view, for CSV export. */
export async function runReportExport(
  database: Database,
  definition: ReportModule,
  request: Omit<ReportRequest, 'limit'>,
): Promise<{ result: object & ReportEnvelope; view: ReportView; truncated: boolean }> {
  const result = (await runReport(database, definition, { ...request, limit: EXPORT_MAX_ROWS + 1 })) as object & ReportEnvelope;
  const view = definition.view(result);
  const truncated = view.rows.length > EXPORT_MAX_ROWS || (view.export?.rows.length ?? 0) > EXPORT_MAX_ROWS;
  if (!truncated) return { result, view, truncated };
  const cut: ReportView = { ...view, rows: view.rows.slice(0, EXPORT_MAX_ROWS) };
  if (view.export) cut.export = { ...view.export, rows: view.export.rows.slice(0, EXPORT_MAX_ROWS) };
  return { result, view: cut, truncated };
}
