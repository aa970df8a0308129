import type { ChartConfiguration } from 'chart.js';
import { renderPng } from '../charts/render.js';
import { REPORT_CHART_SIZE } from '../charts/theme.js';
import { AppError } from '../lib/errors.js';
import type { ReportEnvelope } from './report-module.js';
import { reportByName, REPORTS } from './registry.js';

/** Names of the reports that have a chart (all of them: `chart` is part of every module). */
export const CHARTED_REPORTS: readonly string[] = REPORTS.map((r) => r.name);

/**
 * The chart of a report result (the object `runReport` returns for `report`): a Chart.js configuration
 * ready for {@link renderPng}, or null when the result has nothing to draw (no rows, no sales). Titles
 * carry the result's as-of day or period. By name, because results cross a thread or a queue as JSON.
 * Throws AppError NOT_FOUND for an unknown report.
 */
export function chartForReport(report: string, result: unknown): ChartConfiguration | null {
  const module = reportByName(report);
  if (!module) throw new AppError('NOT_FOUND', `There is no chart for report "${report}".`);
  return module.chart(result as ReportEnvelope);
}

/** {@link chartForReport} rendered to a PNG at {@link REPORT_CHART_SIZE}; null when there is nothing to draw. */
export async function renderReportChart(report: string, result: unknown): Promise<Buffer | null> {
  const config = chartForReport(report, result);
  return config ? renderPng(config, REPORT_CHART_SIZE) : null;
}
