/**
 * The anomaly alert's fits on a generated shape (bench/shape, default a small `few-big`: regulars who buy
 * every week, so daily series are dense): the team-wide check (anomalyCases) and the per-salesman fan-out
 * (anomalyCasesBySalesman), each in-process and on report threads (one per core), with the wall time, this
 * thread's CPU and the main event loop's worst delay meanwhile (what a Slack ack or a BullMQ lock renewal
 * would have waited).
 *
 *   npx tsx bench/anomaly-threads.ts [--lines 300000] [--salesmen 20] [--customers 2000] [--products 2000] [--years 2] [--basket 3] [--keep]
 *
 * Prints figures; never use them as test assertions. The database is dropped at the end unless --keep.
 */
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { resetEnv } from '../src/config/env.js';
import { yesterdayIn } from '../src/lib/dates.js';
import { ReportThreads, type ThreadTaskInfo } from '../src/reports/report-threads.js';
import { anomalyCases, anomalyCasesBySalesman } from '../src/services/anomaly-alerts.js';
import { createBenchDatabase } from './lib/bench-database.js';
import { importPhase } from './run/load-phase.js';
import { generateShape } from './shape/generate-shape.js';
import { describeShape, shapeFrom } from './shape/shape.js';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '300000' },
    salesmen: { type: 'string', default: '20' },
    customers: { type: 'string', default: '2000' },
    products: { type: 'string', default: '2000' },
    years: { type: 'string', default: '2' },
    basket: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const timeZone = 'UTC';
resetEnv({ SALES_TZ: timeZone, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const shape = shapeFrom({ shape: 'few-big', lines: values.lines, salesmen: values.salesmen, customers: values.customers, products: values.products, years: values.years, basket: values.basket });
const log = (line: string): void => void process.stderr.write(line + '\n');
const end = yesterdayIn(timeZone);
log(`anomaly threads bench: ${describeShape(shape)}; data ends ${end}; ${availableParallelism()} cores`);
const files = await generateShape(shape, join(tmpdir(), `anomaly-threads-${process.pid}`), end);
const db = await createBenchDatabase('salesbot_bench_anomaly');
try {
  await importPhase(db.database, db.url, files, timeZone, log);
  const ran: ThreadTaskInfo[] = [];
  const threads = new ReportThreads({ size: availableParallelism(), onTask: (i) => ran.push(i) });
  threads.warm(db.database);
  const opts = { filters: {}, scope: { kind: 'all' as const }, grain: 'day' as const };
  const measure = async (label: string, f: () => Promise<unknown>): Promise<void> => {
    ran.length = 0;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await f();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    delay.disable();
    const cases = out instanceof Map ? [...out.values()].flat().length : (out as unknown[]).length;
    const onThreads = ran.length > 0 ? `; ${ran.length} slices on ${new Set(ran.map((r) => r.threadId)).size} threads` : '';
    log(
      `${label.padEnd(34)} ${(wall / 1000).toFixed(1)} s wall, process CPU (all threads) ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, event loop max delay ${(delay.max / 1e6).toFixed(0)} ms; ${cases} cases${out instanceof Map ? ` for ${out.size} salesmen` : ''}${onThreads}`,
    );
  };
  await measure('team-wide, in-process', () => anomalyCases(db.database, { ...opts, threads: null }));
  await measure('team-wide, on threads', () => anomalyCases(db.database, { ...opts, threads }));
  await measure('per salesman, in-process', () => anomalyCasesBySalesman(db.database, { ...opts, threads: null }));
  await measure('per salesman, on threads', () => anomalyCasesBySalesman(db.database, { ...opts, threads }));
  await threads.close();
} finally {
  await db.close({ keep: values.keep });
}
