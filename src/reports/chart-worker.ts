import { parentPort } from 'node:worker_threads';
import { renderReportChart } from './report-chart.js';

/**
 * Worker-thread side of the chart pool: renders one report chart per message. Chart.js configs hold
 * functions, so the worker receives the plain report result and builds the config itself.
 */
interface ChartRequest {
  id: number;
  report: string;
  result: unknown;
}

parentPort?.on('message', (m: ChartRequest) => {
  renderReportChart(m.report, m.result).then(
    (png) => parentPort!.postMessage({ id: m.id, png }),
    (e: unknown) => parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
