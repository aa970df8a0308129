import { availableParallelism } from 'node:os';
import type { Database } from '../db/client.js';
import { childLogger } from '../lib/logger.js';
import { ThreadPool } from '../lib/thread-pool.js';
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
  /** The report, or the snapshot group. */
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
    const info: ThreadTaskInfo = { kind: task.kind, name: 'report' in task ? task.report : task.group, threadId, ms: Math.round(performance.now() - started) };
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
