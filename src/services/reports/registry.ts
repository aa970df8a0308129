import type { ReportDefinition } from './report-types.js';
import { rfmReport } from './rfm-report.js';

/** Every report, in the order help texts list them. */
export const REPORTS: readonly ReportDefinition<any>[] = [rfmReport];

export function findReport(name: string): ReportDefinition<any> | undefined {
  return REPORTS.find((r) => r.name === name.toLowerCase());
}

export const REPORT_NAMES: readonly string[] = REPORTS.map((r) => r.name);
