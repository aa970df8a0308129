import type { Database } from '../db/client.js';
import type { ReportView } from '../views/report-view.js';
import { REPORTS } from './registry.js';
import { runReport } from './run-report.js';
import type { ReportEnvelope } from './report-module.js';

export interface ReportOutcome {
  name: string;
  title: string;
  result?: object & ReportEnvelope;
  view?: ReportView;
  /** Set when this report failed; the others still run. */
  error?: unknown;
}

/** Runs every report with its default parameters (the demo's tour and the digest's raw material). */
export async function runAllReports(database: Database): Promise<ReportOutcome[]> {
  const outcomes: ReportOutcome[] = [];
  for (const definition of REPORTS) {
    try {
      const result = await runReport(database, definition, { filters: {} });
      outcomes.push({ name: definition.name, title: definition.title, result, view: definition.view(result) });
    } catch (error) {
      outcomes.push({ name: definition.name, title: definition.title, error });
    }
  }
  return outcomes;
}
