import type { ReportOption } from '../reports/report-module.js';

/** What the request reader needs to know about a report (the registry's definitions fit). */
export interface ReportSpec {
  name: string;
  title: string;
  summary: string;
  options: readonly ReportOption[];
}
