import { checkSlice } from '../analytics/anomaly-slice-check.js';
import { connect, type Database } from '../db/client.js';
import { AppError } from '../lib/errors.js';
import { serveThreadTasks } from '../lib/thread-tasks.js';
import { reportByName } from './registry.js';
import { runReportPage } from './report-page.js';
import { runReport } from './run-report.js';
import type { ReplicaTarget, ReportTask } from './report-task.js';
import { computeSnapshotGroup } from './snapshot-groups.js';

/**
 * Thread side of ReportThreads: runs a named report (or one snapshot group) on this thread's own
 * connection to the same PostgreSQL database, so its model fit or itemset mining burns this thread's
 * core, not the one acknowledging Slack. A thread cannot share the main thread's connection; it keeps
 * one small pool per database URL for its life.
 */
const databases = new Map<string, Promise<Database>>();

function databaseAt(url: string): Promise<Database> {
  let d = databases.get(url);
  if (!d) {
    d = connect({ url, max: 4 });
    // A failed connect must not be cached: the next task tries again.
    d.catch(() => databases.delete(url));
    databases.set(url, d);
  }
  return d;
}

/** The thread's handle on a replica knows its primary, as the main thread's does (src/db/open.ts). */
async function replicaAt(url: string, replica: ReplicaTarget): Promise<Database> {
  const database = await databaseAt(url);
  if (database.kind === 'postgres' && !database.replicaOf) {
    database.replicaOf = { primary: await databaseAt(replica.primaryUrl), noticeAfterSeconds: replica.noticeAfterSeconds };
  }
  return database;
}

function moduleNamed(name: string) {
  const definition = reportByName(name);
  if (!definition) throw new AppError('USAGE', `There is no report called "${name}".`);
  return definition;
}

async function handle(task: ReportTask): Promise<unknown> {
  if (task.kind === 'anomaly-fits') return checkSlice(task.slice);
  const database = task.kind !== 'snapshot-group' && task.replica ? await replicaAt(task.url, task.replica) : await databaseAt(task.url);
  switch (task.kind) {
    case 'report':
      return runReport(database, moduleNamed(task.report), task.request);
    case 'page':
      return runReportPage(database, moduleNamed(task.report), task.request, task.page, task.pageSize);
    case 'snapshot-group':
      return computeSnapshotGroup(database, task.group);
  }
}

async function release(): Promise<void> {
  const open = [...databases.values()];
  databases.clear();
  await Promise.all(open.map((d) => d.then((db) => db.close()).catch(() => {})));
}

serveThreadTasks(handle, release);
