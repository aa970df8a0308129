import { uniqueDrillTargets, type DrillTarget } from '../views/drill-target.js';
import type { ReportEnvelope } from './report-module.js';
import { reportByName } from './registry.js';

/**
 * What a report answer can drill into, read by the report's own module from its result (by name,
 * because results come back from snapshots, queues and button values as JSON). A report without
 * drill-downs, or a result that is not the shape its module expects (an old snapshot), offers none:
 * a missing menu is better than a failed answer.
 */
export function drillTargets(report: string, result: unknown): DrillTarget[] {
  const module = reportByName(report);
  if (!module?.drills) return [];
  try {
    return uniqueDrillTargets(module.drills(result as ReportEnvelope));
  } catch {
    return [];
  }
}
