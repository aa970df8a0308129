import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';

function subscriptionId(v: string): number {
  const n = Number(v.replace(/^#/, ''));
  if (!Number.isInteger(n) || n <= 0) throw new AppError('USAGE', `"${v}" is not a subscription id; \`/sales subscriptions\` lists them.`);
  return n;
}

/** `sales-bot digest run <id>`: one subscription now, in this process (admins, tests). */
export function registerDigest(program: Command): void {
  const digest = program.command('digest').description('Scheduled subscriptions (digests, reports, alerts).');
  digest
    .command('run <subscription-id>')
    .description(
      'Run one subscription now, in this process, whatever its schedule (paused ones too): posts to Slack with SLACK_BOT_TOKEN, or with --out writes what Slack would receive as Block Kit JSON and PNG files.',
    )
    .option('--out <dir>', 'write the messages to this folder instead of posting them')
    .action(async (id: string, opts: { out?: string }) => {
      const subscription = subscriptionId(id);
      const { env } = await import('../../config/env.js');
      const e = env();
      if (!opts.out && !e.SLACK_BOT_TOKEN) {
        throw new AppError('CONFIG_INVALID', 'SLACK_BOT_TOKEN is not set.', { hint: 'Set it to post, or add --out <dir> to write the messages to files.' });
      }
      const { openDatabase } = await import('../../db/open.js');
      const { logger } = await import('../../lib/logger.js');
      const { createInProcessRunner } = await import('../../jobs/in-process.js');
      const { jobSettingsFrom } = await import('../../jobs/job-settings.js');
      const { jobId } = await import('../../jobs/queues.js');
      const { createRecordingPoster } = await import('../../jobs/recording-poster.js');
      const { createWebPoster } = await import('../../slack/web-poster.js');
      const { subscriptionById } = await import('../../services/subscriptions.js');
      const log = logger();
      const database = await openDatabase();
      try {
        if (!(await subscriptionById(database, subscription))) {
          throw new AppError('NOT_FOUND', `There is no subscription ${subscription}.`, { hint: '`/sales subscriptions` lists them.' });
        }
        const slack = opts.out ? createRecordingPoster({ dir: opts.out }) : createWebPoster({ token: e.SLACK_BOT_TOKEN!, apiUrl: e.SLACK_API_URL, log });
        const runner = createInProcessRunner({ database, slack, log, settings: jobSettingsFrom(e) });
        const runKey = `m${Date.now()}`;
        const results = await runner.run('subscription-run', { subscriptionId: subscription, runKey, trigger: 'manual' }, jobId('subscription-run', subscription, runKey));
        let failed = 0;
        for (const r of results) {
          if (r.error !== undefined) {
            failed++;
            const { failureReason } = await import('../../jobs/job-errors.js');
            process.stdout.write(`${r.name} ${r.jobId}: failed: ${failureReason(r.error)}\n`);
          } else {
            const o = r.outcome!;
            process.stdout.write(`${r.name} ${r.jobId}: ${o.status}${o.messages ? `, ${o.messages} message${o.messages === 1 ? '' : 's'}` : ''}${o.detail ? ` (${o.detail})` : ''}\n`);
          }
        }
        if (opts.out) process.stdout.write(`Messages written to ${opts.out}/\n`);
        if (failed > 0) process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}
