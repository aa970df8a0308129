import type { ChartConfiguration } from 'chart.js';
import { AppError } from '../lib/errors.js';
import { abcChart } from './abc/abc-chart.js';
import { activityChart } from './activity/activity-chart.js';
import { affinityChart } from './affinity/affinity-chart.js';
import { churnChart } from './churn/churn-chart.js';
import { clvChart } from './clv/clv-chart.js';
import { consistencyChart } from './consistency/consistency-chart.js';
import { crosssellChart } from './crosssell/crosssell-chart.js';
import { funnelChart } from './funnel/funnel-chart.js';
import { geoChart } from './geo/geo-chart.js';
import { kpiChart } from './kpi/kpi-chart.js';
import { renderPng } from '../charts/render.js';
import { rfmChart } from './rfm/rfm-chart.js';
import { seasonalityChart } from './seasonality/seasonality-chart.js';
import { slowChart } from './slow/slow-chart.js';
import { REPORT_CHART_SIZE } from '../charts/theme.js';
import { timingChart } from './timing/timing-chart.js';
import { whyChart } from './why/why-chart.js';
import { winrateChart } from './winrate/winrate-chart.js';

/**
 * Every report's one chart for Slack (rfm-chart.ts also exports the segment bars on their own). A spec
 * reads its own report's result; `never` lets each keep its precise parameter type here.
 */
const CHARTS: Record<string, (result: never) => object | null> = {
  kpi: kpiChart,
  why: whyChart,
  rfm: rfmChart,
  churn: churnChart,
  clv: clvChart,
  crosssell: crosssellChart,
  affinity: affinityChart,
  abc: abcChart,
  slow: slowChart,
  funnel: funnelChart,
  winrate: winrateChart,
  consistency: consistencyChart,
  activity: activityChart,
  geo: geoChart,
  timing: timingChart,
  seasonality: seasonalityChart,
};

/** Names of the reports that have a chart (all of them). */
export const CHARTED_REPORTS: readonly string[] = Object.keys(CHARTS);

/**
 * The chart of a report result (the object `runReport` returns for `report`): a Chart.js configuration
 * ready for {@link renderPng}, or null when the result has nothing to draw (no rows, no sales). Titles
 * carry the result's as-of day or period. Throws AppError NOT_FOUND for a report without a chart.
 */
export function chartForReport(report: string, result: unknown): ChartConfiguration | null {
  const spec = CHARTS[report];
  if (!spec) throw new AppError('NOT_FOUND', `There is no chart for report "${report}".`);
  return spec(result as never) as ChartConfiguration | null;
}

/** {@link chartForReport} rendered to a PNG at {@link REPORT_CHART_SIZE}; null when there is nothing to draw. */
export async function renderReportChart(report: string, result: unknown): Promise<Buffer | null> {
  const config = chartForReport(report, result);
  return config ? renderPng(config, REPORT_CHART_SIZE) : null;
}
