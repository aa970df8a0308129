import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';

/** `sales-bot serve`: the Slack app (HTTP or Socket Mode), /healthz and the JSON API. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the Slack app: /slack/events, /healthz and /api/analytics/<report> on PORT (Socket Mode when SLACK_APP_TOKEN is set).')
    .action(async () => {
      const { env } = await import('../../config/env.js');
      const e = env();
      if (!e.SLACK_BOT_TOKEN) throw new AppError('CONFIG_INVALID', 'SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-…) from your Slack app.');
      if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
        throw new AppError('CONFIG_INVALID', 'SLACK_SIGNING_SECRET is not set; copy it from your Slack app (Basic Information), or set SLACK_APP_TOKEN for Socket Mode.');
      }
      const { openDatabases } = await import('../../db/open.js');
      const { logger } = await import('../../lib/logger.js');
      const { startSlackApp } = await import('../../slack/app.js');
      const { openJobsControl } = await import('../../jobs/control.js');
      const log = logger();
      // Writes go to DATABASE_URL, report reads to ANALYTICS_DATABASE_URL (the same database when unset).
      const databases = await openDatabases();
      const jobs = openJobsControl({ redisUrl: e.REDIS_URL, prefix: e.QUEUE_PREFIX, timeZone: e.SALES_TZ });
      const running = await startSlackApp({
        database: databases.database,
        analytics: databases.analytics,
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET ?? '',
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
        port: e.PORT,
        apiToken: e.API_TOKEN,
        adminIds: e.SLACK_ADMIN_USER_IDS,
        timeZone: e.SALES_TZ,
        jobs,
        log,
        chartThread: true,
        reportThreads: true,
      });
      log.info({ port: running.port, mode: e.SLACK_APP_TOKEN ? 'socket' : 'http' }, 'sales-bot is listening');
      // An import killed before its refresh committed left the rollups marked behind: repair in the background.
      const { repairRollupsIfBehind } = await import('../../services/repair-rollups.js');
      void repairRollupsIfBehind(databases.database, e.SALES_TZ, log);
      process.stderr.write(`sales-bot is listening on :${running.port} (${e.SLACK_APP_TOKEN ? 'Socket Mode' : 'HTTP, /slack/events'})\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.stop();
      await jobs.close();
      await databases.close();
    });
}
