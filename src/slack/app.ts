import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver, type CustomRoute } from '@slack/bolt';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { analyticsRoute } from '../api/analytics-route.js';
import { healthRoute } from '../api/health-route.js';
import type { Database } from '../db/client.js';
import type { JobsControl } from '../services/jobs-control.js';
import { ChartThread } from '../reports/chart-thread.js';
import { renderReportChart } from '../reports/report-chart.js';
import { ReportThreads } from '../reports/report-threads.js';
import { boltLogger } from './bolt-logger.js';
import { registerListeners } from './listeners/index.js';
import { dispatchErrorHandler, guardReceiver, SLACK_BODY_LIMIT } from './receiver-guard.js';

export interface SlackAppOptions {
  /** The primary: writes, and reads that must see them. */
  database: Database;
  /** Report reads, the JSON API included (a read replica); default `database`. */
  analytics?: Database;
  botToken: string;
  signingSecret: string;
  /** Socket Mode when set (development behind a firewall); HTTP mode otherwise. */
  appToken?: string | undefined;
  /** Web API base, ending in a slash (SLACK_API_URL). */
  apiUrl: string;
  port: number;
  apiToken?: string | undefined;
  adminIds: readonly string[];
  /** SALES_TZ. */
  timeZone: string;
  /** The job system the subscription commands drive; the caller opens and closes it. */
  jobs: JobsControl;
  log: Logger;
  /** Web API retries; tests pass 0 so an injected failure cannot hang them. */
  retries?: number;
  /** Draw charts on a worker thread so acks never wait behind a render (`serve` does; in-process tests do not). */
  chartThread?: boolean;
  /**
   * Compute heavy reports (model fits, mining) on report threads so they never block the acks (`serve`
   * does, on PostgreSQL; the embedded database stays in-process): true for the default thread count.
   */
  reportThreads?: boolean | number;
}

export interface RunningSlackApp {
  app: App;
  /** The port HTTP is served on (slash commands in HTTP mode, /healthz and the JSON API in both modes). */
  port: number;
  stop(): Promise<void>;
}

const SLACK_EVENTS_PATH = '/slack/events';

/** Answers computed at once; more wait their turn (their acks have already gone out). */
const ANSWERS_IN_FLIGHT = 4;

function routes(opts: SlackAppOptions, threads: ReportThreads | undefined): CustomRoute[] {
  const api = analyticsRoute({
    database: opts.analytics ?? opts.database,
    primary: opts.database,
    apiToken: opts.apiToken,
    adminIds: opts.adminIds,
    log: opts.log,
    ...(threads ? { runReport: (database, definition, request) => threads.run(database, definition, request) } : {}),
  });
  const health = healthRoute(opts.database);
  return [
    { path: '/healthz', method: ['GET'], handler: (req, res) => void health(req, res) },
    { path: '/api/analytics/:report', method: ['GET'], handler: (req, res) => void api(req, res) },
  ];
}

/**
 * Builds and starts the Bolt app. HTTP mode acknowledges before work (processBeforeResponse: false), so
 * every listener must ack first and answer through response_url; Socket Mode serves the same listeners
 * and keeps /healthz and the JSON API on `port`.
 */
export async function startSlackApp(opts: SlackAppOptions): Promise<RunningSlackApp> {
  const logger = boltLogger(opts.log.child({ component: 'bolt' }));
  const clientOptions = {
    slackApiUrl: opts.apiUrl,
    ...(opts.retries !== undefined ? { retryConfig: { retries: opts.retries } } : {}),
  };
  const reportThreads = opts.reportThreads ? new ReportThreads(typeof opts.reportThreads === 'number' ? { size: opts.reportThreads } : {}) : undefined;
  const customRoutes = routes(opts, reportThreads);
  const receiver = opts.appToken
    ? new SocketModeReceiver({
        appToken: opts.appToken,
        logger,
        customRoutes,
        // clientOptions reach the SocketModeClient's own WebClient: without them apps.connections.open
        // goes to slack.com even when SLACK_API_URL points elsewhere (GovSlack, a proxy, the tests).
        installerOptions: { port: opts.port, clientOptions: { ...clientOptions } },
      })
    : new HTTPReceiver({
        signingSecret: opts.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        processBeforeResponse: false,
        customRoutes,
        logger,
        unhandledRequestTimeoutMillis: 2500,
        bodyLimit: SLACK_BODY_LIMIT,
        dispatchErrorHandler: dispatchErrorHandler(opts.log),
      });
  if (receiver instanceof HTTPReceiver) guardReceiver(receiver, { signingSecret: opts.signingSecret, endpoint: SLACK_EVENTS_PATH, log: opts.log.child({ component: 'receiver-guard' }) });
  const app = new App({ token: opts.botToken, receiver, logger, clientOptions });
  const charts = opts.chartThread ? new ChartThread() : undefined;
  const answers = pLimit(ANSWERS_IN_FLIGHT);
  registerListeners(app, {
    database: opts.database,
    analytics: opts.analytics ?? opts.database,
    adminIds: opts.adminIds,
    timeZone: opts.timeZone,
    jobs: opts.jobs,
    log: opts.log,
    renderChart: charts ? (report, result) => charts.render(report, result) : renderReportChart,
    afterAck: (work) => answers(work),
    ...(reportThreads
      ? {
          reportPage: (database, definition, request, page) => reportThreads.runPage(database, definition, request, page),
          runReport: (database, definition, request) => reportThreads.run(database, definition, request),
        }
      : {}),
  });
  app.error(async (e) => {
    opts.log.error({ err: e }, 'unhandled Slack listener error');
  });

  let port = opts.port;
  if (receiver instanceof HTTPReceiver) {
    const server = (await app.start(opts.port)) as Server;
    port = (server.address() as AddressInfo).port;
  } else {
    await app.start();
  }
  return {
    app,
    port,
    async stop() {
      await app.stop();
      await charts?.close();
      await reportThreads?.close();
    },
  };
}
