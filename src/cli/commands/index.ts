import type { Command } from 'commander';
import { registerMigrate } from './migrate.js';

export function registerCommands(program: Command): void {
  registerMigrate(program);
}
