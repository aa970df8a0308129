import { join } from 'node:path';
import type { Command } from 'commander';
import { env } from '../../config/env.js';
import { yesterdayIn } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { formatInt } from '../../lib/format.js';

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new AppError('USAGE', `${name} must be a positive whole number, got "${v}".`);
    return n;
  };
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'First run: migrate the database (embedded unless DATABASE_URL is set), load demo data if it is empty, and print a summary of the data and of every report.',
    )
    .option('--orders <n>', 'orders to generate when the database is empty', positiveInt('--orders'), 6000)
    .option('--seed <n>', 'seed of the demo data generator', positiveInt('--seed'), 42)
    .option('--out <dir>', 'folder for the rendered charts and Slack message previews', './out')
    .action(async (opts: { orders: number; seed: number; out: string }) => {
      const { openDatabase } = await import('../../db/open.js');
      const { dataSummary } = await import('../../services/data-summary.js');
      const { renderDataSummary, writeMonthlyRevenueChart } = await import('../render/data-summary.js');
      const database = await openDatabase();
      try {
        const before = await dataSummary(database, { top: 0, months: 0 });
        if (before.counts.orders === 0) {
          const end = yesterdayIn(env().SALES_TZ);
          process.stderr.write(`Empty database: generating ${formatInt(opts.orders)} demo orders up to ${end} (seed ${opts.seed})…\n`);
          const { loadDemoData } = await import('../../services/load-demo-data.js');
          const loaded = await loadDemoData(database, { orders: opts.orders, seed: opts.seed, end, timeZone: env().SALES_TZ });
          process.stderr.write(`Loaded ${formatInt(loaded.counts.sales)} order lines in ${(loaded.durationMs / 1000).toFixed(1)} s.\n\n`);
        }
        const summary = await dataSummary(database);
        process.stdout.write(renderDataSummary(summary));
        const { runAllReports } = await import('../../reports/all-reports.js');
        const { renderReportTour } = await import('../render/report-tour.js');
        const outcomes = await runAllReports(database);
        process.stdout.write('\n' + renderReportTour(outcomes));
        const { writeSlackPreviews } = await import('../render/slack-preview.js');
        const previews = await writeSlackPreviews(outcomes, join(opts.out, 'slack'));
        process.stdout.write(
          `\nSlack previews: ${previews.length} Block Kit messages and ${previews.filter((p) => p.chart).length} charts in ${join(opts.out, 'slack')}/\n`,
        );
        const { runDemoDeliveries } = await import('../../jobs/demo-deliveries.js');
        const { logger } = await import('../../lib/logger.js');
        const jobsDir = join(opts.out, 'jobs');
        // Job logs would drown the summary; warnings still show.
        const log = logger().child({ component: 'demo-jobs' }, { level: 'warn' });
        const delivered = await runDemoDeliveries(database, { outDir: jobsDir, log, timeZone: env().SALES_TZ });
        process.stdout.write(
          `Scheduled jobs (run in-process): ${delivered.deliveries.map((d) => d.label).join(', ')}: ${delivered.messages} messages and ${delivered.files} files in ${jobsDir}/\n`,
        );
        if (summary.months.length > 0) {
          const file = await writeMonthlyRevenueChart(summary, opts.out);
          process.stdout.write(`\nChart: ${file}\n`);
        }
      } finally {
        await database.close();
      }
    });
}
