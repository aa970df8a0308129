import type { Command } from 'commander';
import { env } from '../../config/env.js';
import { DEFAULT_MONTHS } from '../../demo/scenario.js';
import { yesterdayIn } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { formatInt } from '../../lib/format.js';

function wholeNumber(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${formatInt(min)} or more` : `from ${formatInt(min)} to ${formatInt(max)}`;
      throw new AppError('USAGE', `${flag} must be a whole number ${range}, got "${v}".`);
    }
    return n;
  };
}

/** YYYY-MM-DD → the Date whose UTC fields name that day (the generator's convention for `end`). */
function calendarDay(v: string): Date {
  const d = new Date(`${v}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new AppError('USAGE', `--end must be a calendar day like 2025-06-30, got "${v}".`);
  }
  return d;
}

const HELP = `
Writes salesmen.csv, customers.csv, products.csv, sales.csv, leads.csv and activities.csv (the import
formats of docs/data-formats.md). Import them in that order with "sales-bot import <kind> <file>".

The same --orders, --seed, --end and --months always give byte-identical files. Timestamps are local
times without an offset, so the importer reads them in SALES_TZ and the hour-of-day patterns land in the
business time zone. Orders stream to disk: a million order lines take a few seconds and little memory.

Planted patterns: a November peak, a smaller December and a summer dip; Tuesday 09–11 as the busiest
hours; an under-served region (Central & Eastern Europe) and a growing one (Iberia); bundles bought
together (printer + toner + paper, laptop + dock + bag + mouse, …); big accounts; regular customers of
whom some churned 2–6 months ago; products that stopped selling 35, 70 and 120 days ago and two never
sold; refunds and discounts; a lead funnel; activities that track revenue; a new salesman with no sales.

Examples:
  $ sales-bot demo-data --orders 50000 --out ./demo
  $ sales-bot demo-data --orders 300000 --seed 7 --end 2025-06-30 --gzip --out /tmp/big
`;

export function registerDemoData(program: Command): void {
  program
    .command('demo-data')
    .description('Generate a realistic, deterministic demo portal as CSV import files (no database needed).')
    .requiredOption('--out <dir>', 'folder to write the six files into (created if missing)')
    .option('--orders <n>', 'number of orders (about 3.5 lines each)', wholeNumber('--orders', 1), 50_000)
    .option('--seed <n>', 'seed of the random generator', wholeNumber('--seed', 0), 42)
    .option('--end <YYYY-MM-DD>', 'last day of data (default: yesterday in SALES_TZ)', calendarDay)
    .option('--months <m>', 'calendar months covered, including the last one', wholeNumber('--months', 1, 240), DEFAULT_MONTHS)
    .option('--gzip', 'write .csv.gz files', false)
    .addHelpText('after', HELP)
    .action(async (opts: { out: string; orders: number; seed: number; end?: Date; months: number; gzip: boolean }) => {
      const started = performance.now();
      const end = opts.end ?? calendarDay(yesterdayIn(env().SALES_TZ));
      const { generateDemoData } = await import('../../demo/generate-demo-data.js');
      const result = await generateDemoData({ orders: opts.orders, seed: opts.seed, end, months: opts.months, outDir: opts.out, gzip: opts.gzip });
      const c = result.counts;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `Wrote ${formatInt(c.salesmen)} salesmen, ${formatInt(c.customers)} customers, ${formatInt(c.products)} products, ` +
          `${formatInt(c.sales)} sales lines (${formatInt(opts.orders)} orders${result.planted.tender ? ' plus a planted tender' : ''}), ${formatInt(c.leads)} leads, ` +
          `${formatInt(c.activities)} activities and ${formatInt(result.targets)} targets from ${result.from} to ${result.to} to ${opts.out} in ${seconds} s.\n`,
      );
    });
}
