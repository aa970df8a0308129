import { availableParallelism } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { checkSlice, type SliceFinding, type SliceSeries } from '../analytics/anomaly-slice-check.js';
import type { Database } from '../db/client.js';
import { childLogger } from '../lib/logger.js';
import { ThreadCrash, ThreadPool } from '../lib/thread-pool.js';
import { runReportPage, type ReportPage } from './report-page.js';
import type { ReportEnvelope, ReportModule, ReportRequest } from './report-module.js';
import type { ReplicaTarget, ReportTask } from './report-task.js';
import { runReport } from './run-report.js';
import { computeSnapshotGroup, type ComputedSnapshot } from './snapshot-groups.js';

/** Report threads a server starts by default: one core stays with the event loop (acks), at most two threads. */
export function defaultReportThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism() - 1));
}

/** What ran on a thread, for the log and for whoever watches (tests check the thread id). */
export interface ThreadTaskInfo {
  kind: ReportTask['kind'];
  /** The report, the snapshot group, or the anomaly slice. */
  name: string;
  threadId: number;
  ms: number;
}

/**
 * Runs reports and snapshot groups on worker threads (report-worker.ts), each thread with its own
 * connection to the same PostgreSQL database, so a model fit or itemset mining never blocks the event
 * loop that acknowledges Slack commands, and snapshot groups compute on separate cores.
 *
 * The embedded database (PGlite) lives inside this process with its one connection, which no thread can
 * reach: with it, and when threads cannot start at all, everything runs in-process as before. Reports that
 * are not `heavy` run in-process too: their work is SQL, and a thread hop would only add a copy.
 */
export class ReportThreads {
  private readonly pool: ThreadPool<ReportTask, unknown>;
  private readonly log = childLogger('report-threads');

  private readonly onTask: ((info: ThreadTaskInfo) => void) | undefined;

  /** `idleMs`: threads idle this long exit with their connections (absent: they live until `close`). */
  constructor(opts: { size?: number; idleMs?: number; onTask?: (info: ThreadTaskInfo) => void } = {}) {
    this.onTask = opts.onTask;
    this.pool = new ThreadPool({
      module: new URL('./report-worker.ts', import.meta.url),
      size: opts.size ?? defaultReportThreads(),
      name: 'report',
      ...(opts.idleMs !== undefined ? { idleMs: opts.idleMs } : {}),
    });
  }

  /** The URL a thread connects to, or null when the work must stay in-process. */
  private urlOf(database: Database): string | null {
    if (database.kind !== 'postgres' || this.pool.broken) return null;
    return database.url;
  }

  /** A replica's primary for the thread, so its answers carry the lag note as in-process ones do. */
  private replicaOf(database: Database): { replica?: ReplicaTarget } {
    const link = database.replicaOf;
    return link && link.primary.kind === 'postgres' ? { replica: { primaryUrl: link.primary.url, noticeAfterSeconds: link.noticeAfterSeconds } } : {};
  }

  private async onThread<T>(task: ReportTask): Promise<T> {
    const started = performance.now();
    const { value, threadId } = await this.pool.run(task);
    const name = task.kind === 'anomaly-fits' ? task.slice.key : task.kind === 'snapshot-group' ? task.group : task.report;
    const info: ThreadTaskInfo = { kind: task.kind, name, threadId, ms: Math.round(performance.now() - started) };
    this.log.debug(info, 'ran on a report thread');
    this.onTask?.(info);
    return value as T;
  }

  /** `runReport` on a thread for a heavy report on PostgreSQL, else in-process. */
  run<Options extends object, Result extends object>(
    database: Database,
    definition: ReportModule<Options, Result>,
    request: ReportRequest,
  ): Promise<Result & ReportEnvelope> {
    const url = definition.heavy ? this.urlOf(database) : null;
    if (url === null) return runReport(database, definition, request);
    return this.onThread({ kind: 'report', url, ...this.replicaOf(database), report: definition.name, request });
  }

  /** `runReportPage` on a thread for a heavy report on PostgreSQL, else in-process. */
  runPage(database: Database, definition: ReportModule, request: Omit<ReportRequest, 'limit'>, page: number, pageSize?: number): Promise<ReportPage> {
    const url = definition.heavy ? this.urlOf(database) : null;
    if (url === null) return runReportPage(database, definition, request, page, pageSize);
    return this.onThread({ kind: 'page', url, ...this.replicaOf(database), report: definition.name, request, page, pageSize });
  }

  /** One snapshot group (see snapshot-groups.ts) on a thread on PostgreSQL, else in-process. */
  snapshotGroup(database: Database, group: string): Promise<ComputedSnapshot[]> {
    const url = this.urlOf(database);
    if (url === null) return computeSnapshotGroup(database, group);
    return this.onThread({ kind: 'snapshot-group', url, group });
  }

  /**
   * The fits of one anomaly slice (checkSlice) on a thread when the work's database is PostgreSQL, else
   * in-process as before (the embedded database's deployments run everything in one process). The slice
   * travels as data, so callers hand several slices at once and they fit on the threads side by side. A
   * thread that dies under the task, or threads that cannot start, leave the fits to this process: they are
   * pure, so computing them again here is safe.
   */
  async anomalyFits(database: Database, slice: SliceSeries): Promise<SliceFinding[]> {
    if (this.urlOf(database) !== null) {
      try {
        return await this.onThread<SliceFinding[]>({ kind: 'anomaly-fits', slice });
      } catch (e) {
        if (!(e instanceof ThreadCrash)) throw e;
        this.log.warn({ err: e, slice: slice.key }, 'anomaly fits fell back to this process');
      }
    }
    // One slice per turn of the event loop, so what else this process serves gets its turn in between.
    await nextTurn();
    return checkSlice(slice);
  }

  /** Starts the threads for work on `database` to come (nothing when that work would run in-process). */
  warm(database: Database): void {
    if (this.urlOf(database) !== null) this.pool.warm();
  }

  /** Threads at most. */
  get size(): number {
    return this.pool.size;
  }

  /** Threads started so far (they start on first use). */
  get threads(): number {
    return this.pool.threads;
  }

  /** Ends the threads and their database connections (serve's graceful close, the end of a refresh). */
  close(): Promise<void> {
    return this.pool.close();
  }
}
