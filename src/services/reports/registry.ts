import type { ReportDefinition } from './report-types.js';
import { rfmReport } from './rfm-report.js';
import { churnReport } from './churn-report.js';
import { clvReport } from './clv-report.js';
import { seasonalityReport } from './seasonality-report.js';
import { kpiReport } from './kpi-report.js';
import { funnelReport } from './funnel-report.js';
import { winrateReport } from './winrate-report.js';
import { whyReport } from './why-report.js';
import { affinityReport } from './affinity-report.js';
import { crosssellReport } from './crosssell-report.js';
import { abcReport } from './abc-report.js';
import { slowReport } from './slow-report.js';
import { timingReport } from './timing-report.js';
import { geoReport } from './geo-report.js';
import { consistencyReport } from './consistency-report.js';
import { activityReport } from './activity-report.js';

/** Every report, in the order help texts list them. */
export const REPORTS: readonly ReportDefinition<any>[] = [rfmReport, clvReport, churnReport, seasonalityReport, kpiReport, funnelReport, winrateReport, whyReport, affinityReport, crosssellReport, abcReport, slowReport, timingReport, geoReport, consistencyReport, activityReport];

export function findReport(name: string): ReportDefinition<any> | undefined {
  return REPORTS.find((r) => r.name === name.toLowerCase());
}

export const REPORT_NAMES: readonly string[] = REPORTS.map((r) => r.name);
