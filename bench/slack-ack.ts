/**
 * Slack latency as a person feels it: the real Bolt app over signed HTTP against the fake Slack.
 * - ack: time until the HTTP reply to a slash command, with 50 commands in flight at once;
 * - answer: time from the command to the answer posted on response_url (data + chart + upload).
 *
 *   npx tsx bench/slack-ack.ts [--orders 20000] [--rounds 5] [--concurrency 50] [--trials 1]
 *                              [--under-load] [--acks-only]
 *   DATABASE_URL=postgres://… npx tsx bench/slack-ack.ts --existing   (use a loaded database as is)
 *
 * --under-load: as `npm run bench` step 5, a full refresh (in SALES_TZ, default UTC: a database the bench
 * built needs SALES_TZ=Europe/Berlin, or the refresh rebuilds it for another zone) runs in this process during every trial and
 * region fits of clv and churn are among the commands (the target: ack p99 < 100 ms under that load).
 * --trials N: N ack measurements back to back, each printed, then the median of their p99s (the machines
 * are shared and noisy: one p99 is one sample). --acks-only skips the answer times. On Linux each trial
 * also prints how long the app's main thread ran and how long it waited for a core during the bursts.
 *
 * Prints medians and p95/p99; the machines are shared and noisy, so never turn these into assertions.
 */
import { connect, migrate } from '../src/db/client.js';
import { todayIn } from '../src/lib/dates.js';
import { loadDemoData } from '../src/services/load-demo-data.js';
import { refreshAnalytics } from '../src/services/refresh.js';
import { filterExamples } from '../src/reports/resolve-filters.js';
import { REPORTS } from '../src/reports/registry.js';
import { createTestDatabase } from '../test/helpers/services.js';
import { SlackHarness } from '../test/helpers/slack-harness.js';
import { ackTrial } from './lib/ack-load.js';
import { median, quantile } from './lib/stats.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : Number(args[i + 1]);
};
const orders = flag('--orders', 20_000);
const roundCount = flag('--rounds', 5);
const concurrency = flag('--concurrency', 50);
const trials = Math.max(1, flag('--trials', 1));
const existing = args.includes('--existing');
const underLoad = args.includes('--under-load');
const acksOnly = args.includes('--acks-only');

const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main(): Promise<void> {
  let drop = async () => {};
  let database;
  let databaseUrl: string;
  if (existing) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('--existing needs DATABASE_URL');
    database = await connect({ url });
    await migrate(database);
    databaseUrl = url;
    drop = () => database!.close();
  } else {
    const t = await createTestDatabase();
    database = t.database;
    databaseUrl = t.url;
    drop = () => t.drop();
    const started = performance.now();
    const loaded = await loadDemoData(database, { orders, seed: 5, end: todayIn('UTC'), timeZone: 'UTC' });
    process.stdout.write(`loaded ${loaded.counts.sales} order lines in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  // The app runs in its own process, as in production, so the bench's own HTTP work does not count.
  const h = await new SlackHarness(database, { adminIds: ['UADMIN'] }).startProcess(databaseUrl);
  // Real Slack takes a while to process an uploaded chart and the app waits for it; that wait is Slack's,
  // not ours, so the fake Slack has images ready at once and the answer times are the app's own work.
  h.slack.fileReadyAfterMs = 0;
  h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'admin@example.com' });
  try {
    // Warm-up: resolves the admin once and loads every module.
    for (const r of REPORTS) await h.responsesTo((await h.command(r.name, 'UADMIN')).responseUrl, 1, 120_000);

    const texts: string[] = REPORTS.map((r) => r.name);
    if (underLoad) {
      // Region views of clv and churn are live model fits, not snapshots: the fits the acks must not wait for.
      const { region } = await filterExamples(database);
      if (region) texts.push(`clv region:"${region}"`, `churn region:"${region}"`);
    }
    const p99s: number[] = [];
    for (let t = 0; t < trials; t++) {
      const refreshing = underLoad ? refreshAnalytics(database, { trigger: 'bench-under-load', timeZone: process.env.SALES_TZ ?? 'UTC' }) : undefined;
      const { acks, appMainThread } = await ackTrial(h, { texts, rounds: roundCount, concurrency, user: 'UADMIN' });
      await refreshing;
      p99s.push(quantile(acks, 0.99));
      process.stdout.write(`\nack under ${concurrency} concurrent commands (${acks.length} commands${underLoad ? ', a full refresh running, region fits among them' : ''})\n`);
      process.stdout.write(`  median ${ms(quantile(acks, 0.5))}  p95 ${ms(quantile(acks, 0.95))}  p99 ${ms(quantile(acks, 0.99))}  max ${ms(Math.max(...acks))}\n`);
      if (appMainThread) {
        process.stdout.write(`  app main thread during the bursts: ran ${ms(appMainThread.ranMs)}, waited for a core ${ms(appMainThread.waitedMs)}\n`);
      }
    }
    if (trials > 1) process.stdout.write(`\nmedian of ${trials} p99s: ${ms(median(p99s))} (${p99s.map((p) => p.toFixed(0)).join(', ')})\n`);

    if (!acksOnly) {
      process.stdout.write(`\nanswer time, one command at a time (command → answer on response_url, incl. chart upload)\n`);
      process.stdout.write(`  ${'report'.padEnd(12)} ${'median'.padStart(8)} ${'p95'.padStart(8)}\n`);
      for (const r of REPORTS) {
        const times: number[] = [];
        for (let i = 0; i < roundCount; i++) {
          const started = performance.now();
          const c = await h.command(r.name, 'UADMIN');
          await h.responsesTo(c.responseUrl, 1, 300_000);
          times.push(performance.now() - started);
        }
        process.stdout.write(`  ${r.name.padEnd(12)} ${ms(quantile(times, 0.5)).padStart(8)} ${ms(quantile(times, 0.95)).padStart(8)}\n`);
      }
    }
    process.stdout.write(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
  } finally {
    await h.stop();
    await drop();
  }
}

await main();
