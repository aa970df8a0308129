import { abcReport } from './abc-report.js';
import { activityReport } from './activity-report.js';
import { affinityReport } from './affinity-report.js';
import { churnReport } from './churn-report.js';
import { clvReport } from './clv-report.js';
import { consistencyReport } from './consistency-report.js';
import { crosssellReport } from './crosssell-report.js';
import { funnelReport } from './funnel-report.js';
import { geoReport } from './geo-report.js';
import { kpiReport } from './kpi-report.js';
import type { ReportDefinition } from './report-types.js';
import { rfmReport } from './rfm-report.js';
import { seasonalityReport } from './seasonality-report.js';
import { slowReport } from './slow-report.js';
import { timingReport } from './timing-report.js';
import { whyReport } from './why-report.js';
import { winrateReport } from './winrate-report.js';

/**
 * Every report, in the order help texts list them: the manager's overview first, then customers,
 * products, the team, and patterns in time and place.
 */
export const REPORTS: readonly ReportDefinition<any>[] = [
  kpiReport,
  whyReport,
  rfmReport,
  churnReport,
  clvReport,
  crosssellReport,
  affinityReport,
  abcReport,
  slowReport,
  funnelReport,
  winrateReport,
  consistencyReport,
  activityReport,
  geoReport,
  timingReport,
  seasonalityReport,
];

/** The report with this name, or undefined. */
export function reportByName(name: string): ReportDefinition<any> | undefined {
  return REPORTS.find((r) => r.name === name);
}
