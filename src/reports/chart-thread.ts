import { ThreadPool } from '../lib/thread-pool.js';
import type { ChartTask } from './chart-worker.js';
import { renderReportChart } from './report-chart.js';

/**
 * Renders report charts on a worker thread, so drawing a PNG (20–200 ms of synchronous canvas work)
 * never delays the acknowledgement of someone else's command: under 50 concurrent commands the main
 * thread otherwise interleaves dozens of renders with the acks. One thread serializes the charts, which
 * keeps memory flat on a 2-core machine.
 *
 * The thread is a ThreadPool of one (hand-written rather than piscina: the worker must register tsx
 * before it imports the chart module; see ThreadPool). Used by `sales-bot serve`; the in-process test app
 * renders on the main thread (vitest's forked workers do not survive a canvas worker thread being torn down).
 */
export class ChartThread {
  private readonly pool = new ThreadPool<ChartTask, Uint8Array | null>({ module: new URL('./chart-worker.ts', import.meta.url), size: 1, name: 'chart' });

  /** The chart of a report result as PNG, or null when there is nothing to draw. */
  async render(report: string, result: unknown): Promise<Buffer | null> {
    // A thread that cannot start must not cost anyone their chart: draw on the main thread instead.
    if (this.pool.broken) return renderReportChart(report, result);
    const { value: png } = await this.pool.run({ report, result });
    return png ? Buffer.from(png.buffer, png.byteOffset, png.byteLength) : null;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
