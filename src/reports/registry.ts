import { abcReport } from './abc/abc-report.js';
import { activityReport } from './activity/activity-report.js';
import { affinityReport } from './affinity/affinity-report.js';
import { churnReport } from './churn/churn-report.js';
import { clvReport } from './clv/clv-report.js';
import { consistencyReport } from './consistency/consistency-report.js';
import { crosssellReport } from './crosssell/crosssell-report.js';
import { funnelReport } from './funnel/funnel-report.js';
import { geoReport } from './geo/geo-report.js';
import { kpiReport } from './kpi/kpi-report.js';
import type { ReportDefinition } from './report-module.js';
import { rfmReport } from './rfm/rfm-report.js';
import { seasonalityReport } from './seasonality/seasonality-report.js';
import { slowReport } from './slow/slow-report.js';
import { timingReport } from './timing/timing-report.js';
import { whyReport } from './why/why-report.js';
import { winrateReport } from './winrate/winrate-report.js';

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
