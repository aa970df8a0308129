import { Worker } from 'node:worker_threads';
import { renderReportChart } from './report-chart.js';

type Pending = { resolve: (png: Buffer | null) => void; reject: (e: Error) => void };

/**
 * Renders report charts on a worker thread, so drawing a PNG (20–200 ms of synchronous canvas work)
 * never delays the acknowledgement of someone else's command: under 50 concurrent commands the main
 * thread otherwise interleaves dozens of renders with the acks. One thread serializes the charts, which
 * keeps memory flat on a 2-core machine.
 *
 * Hand-written rather than piscina: piscina loads its workers from a file path, and our sources are
 * TypeScript run through tsx, so the worker must register tsx before it imports the chart module.
 * Used by `sales-bot serve`; the in-process test app renders on the main thread (vitest's forked
 * workers do not survive a canvas worker thread being torn down).
 */
export class ChartThread {
  private worker: Worker | undefined;
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  private broken = false;

  private start(): Worker {
    const url = new URL('./chart-worker.ts', import.meta.url).href;
    const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`;
    const worker = new Worker(bootstrap, { eval: true });
    worker.on('message', (m: { id: number; png?: Uint8Array | null; error?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.png ? Buffer.from(m.png.buffer, m.png.byteOffset, m.png.byteLength) : null);
    });
    const fail = (e: Error) => {
      this.broken = true;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.worker === worker) fail(new Error(`chart thread exited with code ${code}`));
    });
    worker.unref();
    return worker;
  }

  /** The chart of a report result as PNG, or null when there is nothing to draw. */
  render(report: string, result: unknown): Promise<Buffer | null> {
    // A thread that cannot start must not cost anyone their chart: draw on the main thread instead.
    if (this.broken) return renderReportChart(report, result);
    this.worker ??= this.start();
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, report, result });
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
