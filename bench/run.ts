/**
 * `npm run bench`: the speed targets on a company's shape, end to end, in one table.
 *
 *   npm run bench -- [--shape wide|few-big|demo] [--lines N] [--customers N] [--products N] [--zipf S]
 *                    [--basket B] [--salesmen N] [--regions N] [--years Y] [--rate-shape K] [--seed N]
 *                    [--reps 5] [--cell-budget 30] [--ack-rounds 3] [--concurrency 50] [--tz Europe/Berlin]
 *                    [--dir /tmp/sales-bench-run] [--keep] [--out table.md]
 *
 * 1. generates the CSVs of the shape (bench/shape; the demo shape uses the demo generator);
 * 2. imports them as `sales-bot import` does (importCsv, then the refresh) into a fresh database on the
 *    server of DATABASE_URL, timing loading and refresh apart, and `psql \copy`s the sales file for the ratio;
 * 3. times a full refresh, then one more day imported and refreshed incrementally;
 * 4. runs every report × filter through the JSON API of `sales-bot serve` in its own process (`me` via Slack),
 *    --reps timed runs after a warm-up, fewer once a cell has taken --cell-budget seconds;
 * 5. times Slack acks under concurrent commands while a full refresh runs and region fits are asked for;
 * 6. computes rfm, abc, affinity, why and geo from the raw lines with DuckDB (in memory) and plain SQL;
 * 7. prints peak RSS (VmHWM) of this process and of the app process;
 * 8. prints one markdown table with the date and machine, and writes it to --out.
 * The database is dropped at the end unless --keep. Figures are printed, never asserted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resetEnv } from '../src/config/env.js';
import { yesterdayIn } from '../src/lib/dates.js';
import { REPORTS } from '../src/reports/registry.js';
import { refreshAnalytics } from '../src/services/refresh.js';
import { SlackHarness } from '../test/helpers/slack-harness.js';
import { acksUnderLoad } from './lib/ack-load.js';
import { createBenchDatabase } from './lib/bench-database.js';
import { childPids, machineLine, peakRssMb } from './lib/machine.js';
import { timed } from './lib/stats.js';
import { benchTable, type BenchFigures } from './run/bench-table.js';
import { importPhase, refreshPhase } from './run/load-phase.js';
import { pickCases, runMatrix } from './run/report-matrix.js';
import { sideBySide } from './run/side-by-side.js';
import { DEMO_LINES_PER_ORDER, demoFiles } from './shape/demo-files.js';
import { generateShape } from './shape/generate-shape.js';
import { describeShape, shapeFrom, type ShapeFlags } from './shape/shape.js';
import type { ShapeFiles } from './shape/shape-files.js';

const shapeKeys = ['shape', 'customers', 'products', 'zipf', 'basket', 'salesmen', 'regions', 'years', 'lines', 'rate-shape', 'seed'] as const;
let values;
try {
  values = parseArgs({
    options: {
      ...Object.fromEntries(shapeKeys.map((k) => [k, { type: 'string' as const }])),
      reps: { type: 'string', default: '5' },
      'cell-budget': { type: 'string', default: '30' },
      'ack-rounds': { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '50' },
      tz: { type: 'string', default: 'Europe/Berlin' },
      dir: { type: 'string', default: '/tmp/sales-bench-run' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  }).values as Record<string, string | boolean | undefined>;
} catch (e) {
  console.error(`${(e as Error).message}\nusage: npm run bench -- [--shape wide|few-big|demo] [--lines N] … (see bench/run.ts)`);
  process.exit(2);
}
let shape;
try {
  shape = shapeFrom(Object.fromEntries(shapeKeys.map((k) => [k, values[k] as string | undefined])) as ShapeFlags);
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const reps = Math.max(2, Number(values.reps));
const cellBudgetMs = Math.max(1, Number(values['cell-budget'])) * 1000;
const ackRounds = Math.max(1, Number(values['ack-rounds']));
const concurrency = Math.max(1, Number(values.concurrency));
const timeZone = values.tz as string;
resetEnv({ SALES_TZ: timeZone, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
const end = yesterdayIn(timeZone);
const log = (line: string): void => void process.stderr.write(line + '\n');

log(`bench: ${describeShape(shape)}; data ends ${end}; SALES_TZ ${timeZone}`);
const [genMs, files] = await timed(async (): Promise<ShapeFiles> => {
  if (shape.name === 'demo') {
    return demoFiles({ orders: Math.max(1, Math.round(shape.lines / DEMO_LINES_PER_ORDER)), seed: shape.seed, end, dir: join(values.dir as string, 'demo'), log });
  }
  // One folder per full shape (any flag changes the data), regenerated on every run.
  const key = createHash('sha1').update(JSON.stringify(shape)).digest('hex').slice(0, 8);
  const dir = join(values.dir as string, `${shape.name}-${shape.lines}-${key}`);
  mkdirSync(dir, { recursive: true });
  return generateShape(shape, dir, end);
});
log(`generated ${files.historyLines.toLocaleString('en-US')} + ${files.lastDayLines.toLocaleString('en-US')} lines (${files.from} … ${files.to}) in ${(genMs / 1000).toFixed(1)} s → ${files.dir}`);

const db = await createBenchDatabase('salesbot_bench');
const { database } = db;
let harness: SlackHarness | undefined;
let failed = false;
const figures: BenchFigures = {
  title: `sales-bot benchmark, shape ${shape.name}`,
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  machine: machineLine(),
  data: `${describeShape(shape)}; ${files.historyLines.toLocaleString('en-US')} lines + ${files.lastDayLines.toLocaleString('en-US')} on the one more day`,
  cells: [],
  reps,
  rss: [],
};
try {
  if (database.kind !== 'postgres') throw new Error('the benchmark needs Postgres');
  const [pgVersion] = await database.driver<{ v: string }[]>`select current_setting('server_version') as v`;
  figures.machine = machineLine(pgVersion?.v);
  log(`importing into ${db.name}:`);
  figures.imported = await importPhase(database, db.url, files, timeZone, log);
  figures.rss.push({ label: 'bench process after import + refresh (the CLI import path, in process)', mb: figures.imported.peakMb });
  log('refreshing:');
  figures.refresh = await refreshPhase(database, files, timeZone, log);

  log('starting `sales-bot serve`:');
  harness = await new SlackHarness(database, { adminIds: ['UADMIN'] }).startProcess(db.url);
  const h = harness;
  const picks = await pickCases(database, files);
  // Real Slack takes a while to process an uploaded chart and the app waits for it; that wait is Slack's,
  // not ours, so the fake Slack here has images ready at once and `me` times the app's own work.
  h.slack.fileReadyAfterMs = 0;
  h.slack.users.set('UADMIN', { id: 'UADMIN', email: 'admin@example.com' });
  h.slack.users.set(picks.salesman.slackUserId, { id: picks.salesman.slackUserId, ...(picks.salesman.email ? { email: picks.salesman.email } : {}) });
  log(`report × filter matrix (region ${picks.region}, salesman ${picks.salesman.externalId}, category ${picks.category}, customer ${picks.customer}, window ${picks.window.from}…${picks.window.to}, as-of ${picks.asOf}):`);
  figures.cells = await runMatrix(h, picks, reps, cellBudgetMs, log);

  log(`acks under ${concurrency} concurrent commands, ${ackRounds} rounds, while a full refresh runs:`);
  // Region views of clv and churn are live model fits, not snapshots: the fits the acks must not wait for.
  const texts = [...REPORTS.map((r) => r.name), `clv region:"${picks.region}"`, `churn region:"${picks.region}"`];
  const refreshing = refreshAnalytics(database, { trigger: 'bench-under-load', timeZone });
  const acks = await acksUnderLoad(h, { texts, rounds: ackRounds, concurrency, user: 'UADMIN' });
  await refreshing;
  figures.acks = { times: acks, concurrency, note: 'a full refresh running, clv/churn region fits among them' };
  const app = childPids('serve')[0];
  figures.rss.push({ label: '`sales-bot serve` (app process, after matrix and acks)', mb: app === undefined ? undefined : peakRssMb(app) });

  log('side by side (DuckDB in memory, plain SQL on Postgres):');
  figures.side = await sideBySide(database, files, picks, figures.cells, reps, timeZone, log);
  // Not the product: DuckDB's in-memory copy of the raw lines is in this process; shown, not held to the target.
  figures.rss.push({ label: 'bench process at the end (DuckDB in it; not the app)', mb: peakRssMb(), target: false });
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await harness?.stop();
  await db.close({ keep: values.keep === true });
  if (values.keep) log(`database kept: ${db.name}`);
}
const table = benchTable(figures);
process.stdout.write('\n' + table);
if (values.out) {
  writeFileSync(values.out as string, table);
  log(`table written to ${values.out}`);
}
process.exit(failed ? 1 : 0);
