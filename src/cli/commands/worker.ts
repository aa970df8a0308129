import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0 || n > 100) throw new AppError('USAGE', `--concurrency must be a whole number from 1 to 100, got "${v}".`);
  return n;
}

/** `sales-bot worker`: BullMQ workers for scheduled digests, alerts and refreshes. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'Run the job workers on REDIS_URL: scheduled subscriptions (reports, digests, alerts), cross-sell and at-risk DMs, and the nightly snapshot refresh. Run as many as you like; Ctrl-C finishes running jobs first.',
    )
    .option('--concurrency <n>', 'report jobs at once (DM jobs get five times as many); default WORKER_CONCURRENCY', positiveInt)
    .action(async (opts: { concurrency?: number }) => {
      const { env } = await import('../../config/env.js');
      const e = env();
      if (!e.REDIS_URL) {
        throw new AppError('CONFIG_INVALID', 'REDIS_URL is not set: the worker needs Redis (docker compose up -d redis).', {
          hint: 'Without Redis, `sales-bot digest run <id>` and `sales-bot demo` run jobs in this process.',
        });
      }
      if (!e.SLACK_BOT_TOKEN) throw new AppError('CONFIG_INVALID', 'SLACK_BOT_TOKEN is not set; copy the Bot User OAuth Token (xoxb-…) from your Slack app.');
      const { openDatabases } = await import('../../db/open.js');
      const { logger } = await import('../../lib/logger.js');
      const { connectJobs } = await import('../../jobs/connection.js');
      const { redisPacer } = await import('../../jobs/channel-pacer.js');
      const { jobSettingsFrom } = await import('../../jobs/job-settings.js');
      const { startWorkers } = await import('../../jobs/worker.js');
      const { createWebPoster } = await import('../../slack/web-poster.js');
      const log = logger();
      // Writes and job bookkeeping on DATABASE_URL; report reads on ANALYTICS_DATABASE_URL when set.
      const databases = await openDatabases();
      const connection = connectJobs({ url: e.REDIS_URL, prefix: e.QUEUE_PREFIX });
      const slack = createWebPoster({ token: e.SLACK_BOT_TOKEN, apiUrl: e.SLACK_API_URL, pacer: redisPacer(connection.redis, connection.prefix), log });
      const running = await startWorkers({
        database: databases.database,
        analytics: databases.analytics,
        connection,
        slack,
        log,
        settings: jobSettingsFrom(e),
        concurrency: opts.concurrency ?? e.WORKER_CONCURRENCY,
        nightlyCron: e.NIGHTLY_REFRESH_CRON,
      });
      // An import killed before its refresh committed left the rollups marked behind: repair in the background.
      const { repairRollupsIfBehind } = await import('../../services/repair-rollups.js');
      void repairRollupsIfBehind(databases.database, e.SALES_TZ, log);
      process.stderr.write(`sales-bot worker running (queues runs, messages; prefix ${connection.prefix})\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      process.stderr.write('Stopping: finishing running jobs…\n');
      await running.close();
      await connection.close();
      await databases.close();
    });
}
