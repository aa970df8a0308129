import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerMigrate } from './migrate.js';
import { registerReport } from './report.js';

export function registerCommands(program: Command): void {
  registerMigrate(program);
  registerDemo(program);
  registerReport(program);
}
