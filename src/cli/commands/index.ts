import type { Command } from 'commander';
import { registerDemoData } from './demo-data.js';
import { registerDemo } from './demo.js';
import { registerDigest } from './digest.js';
import { registerHealth } from './health.js';
import { registerImport } from './import.js';
import { registerMigrate } from './migrate.js';
import { registerRefresh } from './refresh.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerToken } from './token.js';
import { registerWorker } from './worker.js';

/**
 * Commands load their heavy modules (database engines, importer, charts, reports) only when they run, so
 * `--help` and light commands start fast. The report subcommands are built from the report registry,
 * which pulls in every report, so that registry is loaded only when the command line mentions `report`.
 */
export async function registerCommands(program: Command, argv: readonly string[]): Promise<void> {
  registerDemo(program);
  registerMigrate(program);
  registerImport(program);
  registerDemoData(program);
  registerRefresh(program);
  registerServe(program);
  registerWorker(program);
  registerHealth(program);
  registerDigest(program);
  registerToken(program);
  await registerReport(program, argv.slice(2).includes('report'));
}
