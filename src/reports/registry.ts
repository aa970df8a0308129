import { abcReport } from './abc/abc-module.js';
import { activityReport } from './activity/activity-module.js';
import { affinityReport } from './affinity/affinity-module.js';
import { churnReport } from './churn/churn-module.js';
import { clvReport } from './clv/clv-module.js';
import { consistencyReport } from './consistency/consistency-module.js';
import { cycleReport } from './cycle/cycle-module.js';
import { dealsReport } from './deals/deals-module.js';
import { crosssellReport } from './crosssell/crosssell-module.js';
import { forecastReport } from './forecast/forecast-module.js';
import { funnelReport } from './funnel/funnel-module.js';
import { geoReport } from './geo/geo-module.js';
import { goalsReport } from './goals/goals-module.js';
import { kpiReport } from './kpi/kpi-module.js';
import { monthlyReport } from './monthly/monthly-module.js';
import type { ReportModule } from './report-module.js';
import { rfmReport } from './rfm/rfm-module.js';
import { seasonalityReport } from './seasonality/seasonality-module.js';
import { slowReport } from './slow/slow-module.js';
import { timingReport } from './timing/timing-module.js';
import { whyReport } from './why/why-module.js';
import { winrateReport } from './winrate/winrate-module.js';

/**
 * Every report, in the order help texts list them: the manager's overview first, then customers,
 * products, the team, and patterns in time and place. Adding a report is one folder and one line here.
 */
export const REPORTS: readonly ReportModule[] = [
  kpiReport,
  whyReport,
  goalsReport,
  monthlyReport,
  rfmReport,
  churnReport,
  clvReport,
  crosssellReport,
  affinityReport,
  abcReport,
  slowReport,
  funnelReport,
  winrateReport,
  cycleReport,
  dealsReport,
  consistencyReport,
  activityReport,
  geoReport,
  timingReport,
  seasonalityReport,
  forecastReport,
];

/**
 * The report plain words fall back to when they name none but say something a report can answer
 * ("how did Erik do last month"): the first in the list, the sales overview.
 */
export const OVERVIEW_REPORT: ReportModule = REPORTS[0]!;

/** The report with this name, or undefined. */
export function reportByName(name: string): ReportModule | undefined {
  return REPORTS.find((r) => r.name === name);
}
