import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import type { ReportPage } from '../reports/report-page.js';
import type { ReportEnvelope, ReportModule, ReportRequest } from '../reports/report-module.js';
import type { JobsControl } from '../services/jobs-control.js';

/** What every listener needs besides Bolt's own arguments. */
export interface SlackDeps {
  /** The primary (DATABASE_URL): every write, and reads that must see them (subscriptions, call list, alerts). */
  database: Database;
  /** Report reads (ANALYTICS_DATABASE_URL, a read replica; else the same handle as `database`). */
  analytics: Database;
  /** Slack user ids that are always admins (SLACK_ADMIN_USER_IDS). */
  adminIds: readonly string[];
  /** SALES_TZ: business days, and the time zone of a subscriber Slack gives none for. */
  timeZone: string;
  /** The job system (schedules, queue stats, runs now), opened by the command that starts the app. */
  jobs: JobsControl;
  log: Logger;
  /** Report chart as PNG (null: nothing to draw); a seam so tests can make rendering fail. */
  renderChart: (report: string, result: unknown) => Promise<Buffer | null>;
  /**
   * Runs the work that follows an ack with a bounded number in flight: each answer has synchronous
   * stretches (building views, JSON), and fifty of them interleaved would delay the acks of new commands.
   */
  afterAck: <T>(work: () => Promise<T>) => Promise<T>;
  /**
   * Runs one page of a report; `serve` computes heavy reports (model fits, mining) on report threads so
   * they never block the acks. Absent = `runReportPage` in-process (tests).
   */
  reportPage?: (database: Database, definition: ReportModule, request: Omit<ReportRequest, 'limit'>, page: number) => Promise<ReportPage>;
  /**
   * Runs a whole report (App Home's overview: the kpi cards fit the month's expected range); `serve` runs
   * heavy reports on report threads. Absent = `runReport` in-process (tests).
   */
  runReport?: (database: Database, definition: ReportModule, request: ReportRequest) => Promise<object & ReportEnvelope>;
}
