import { serveThreadTasks } from '../lib/thread-tasks.js';
import { renderReportChart } from './report-chart.js';

/**
 * Worker-thread side of ChartThread: renders one report chart per task. Chart.js configs hold
 * functions, so the worker receives the plain report result and builds the config itself.
 */
export interface ChartTask {
  report: string;
  result: unknown;
}

serveThreadTasks<ChartTask>((m) => renderReportChart(m.report, m.result));
