import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerDemoData } from './demo-data.js';
import { registerImport } from './import.js';
import { registerMigrate } from './migrate.js';
import { registerReport } from './report.js';

export function registerCommands(program: Command): void {
  registerMigrate(program);
  registerImport(program);
  registerDemo(program);
  registerDemoData(program);
  registerReport(program);
}
