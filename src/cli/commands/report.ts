import type { Command } from 'commander';
import { AppError } from '../../lib/errors.js';
import { FILTER_USAGE } from '../../lib/report-filters.js';
import { requestFromCli } from '../../requests/from-cli.js';
import { usageSentence } from '../../requests/usage-error.js';
import { DEFAULT_LIMIT, type ReportModule } from '../../reports/report-module.js';
import { renderReportView } from '../render/report-view.js';


function limitOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new AppError('USAGE', `--limit must be a whole number ≥ 0 (0 = everything), got "${v}".`);
  return n;
}

interface CommonFlags {
  asOf?: string;
  limit?: number;
  json?: boolean;
  [key: string]: unknown;
}

async function run(named: ReportModule | undefined, filterWords: string[], flags: CommonFlags): Promise<void> {
  const options: Record<string, unknown> = {};
  for (const o of named?.options ?? []) if (flags[o.key] !== undefined) options[o.key] = flags[o.key];
  // The same reader as Slack: filters, plain words ("West", "last month", "top 5"), options as name:value.
  const parsed = requestFromCli(named?.name, filterWords, { asOf: flags.asOf, limit: flags.limit, options });
  if (!parsed.ok) throw new AppError('USAGE', usageSentence(parsed.usage), { hint: FILTER_USAGE });
  const request = parsed.request;
  const { reportByName } = await import('../../reports/registry.js');
  const definition = named ?? reportByName(request.report);
  if (!definition) throw new AppError('USAGE', `There is no report called "${request.report}".`, { hint: FILTER_USAGE });
  const { openDatabases } = await import('../../db/open.js');
  const { runReport } = await import('../../reports/run-report.js');
  const databases = await openDatabases();
  try {
    const result = await runReport(databases.analytics, definition, { filters: request.filters, asOf: request.asOf, limit: request.limit, options: request.options });
    process.stdout.write(flags.json ? JSON.stringify(result, null, 2) + '\n' : renderReportView(definition.view(result), result));
  } finally {
    await databases.close();
  }
}

/** `withReports`: add one subcommand per report (loads every report module). */
export async function registerReport(program: Command, withReports: boolean): Promise<void> {
  const report = program
    .command('report')
    .description('Run a report on the data; `report <name> --help` for its options.')
    .addHelpText('after', `\n${FILTER_USAGE}\nExamples: sales-bot report rfm last:365d region:North --limit 10 --json · sales-bot report top customers last quarter`);
  if (!withReports) return;
  // Words that start with no report name ("top customers last quarter") are read like Slack text.
  // Positional options: `report kpi --json` gives --json to kpi, not to this catch-all.
  report
    .enablePositionalOptions()
    .argument('[words...]', 'a request in words when it does not start with a report name')
    .option('--as-of <date>', 'compute as of this day (YYYY-MM-DD; default today in SALES_TZ)')
    .option('--limit <n>', `rows in lists, 0 = everything (default ${DEFAULT_LIMIT})`, limitOption)
    .option('--json', 'print only the JSON result on stdout')
    .action(async (words: string[], flags: CommonFlags) => {
      if (words.length === 0) return report.help();
      return run(undefined, words, flags);
    });
  const { REPORTS } = await import('../../reports/registry.js');
  for (const definition of REPORTS) {
    const cmd = report
      .command(definition.name)
      .description(`${definition.title}: ${definition.summary}`)
      .argument('[filters...]', 'from:YYYY-MM-DD to:YYYY-MM-DD last:90d when:last-month region: salesman: category: customer:, or plain words (West, "last month", top 5)')
      .option('--as-of <date>', 'compute as of this day (YYYY-MM-DD; default today in SALES_TZ)')
      .option('--limit <n>', `rows in lists, 0 = everything (default ${DEFAULT_LIMIT})`, limitOption)
      .option('--json', 'print only the JSON result on stdout');
    for (const o of definition.options) cmd.option(o.flag, o.description, o.parse as (v: string) => unknown);
    cmd.action(async (filterWords: string[], flags: CommonFlags) => run(definition, filterWords, flags));
  }
}
