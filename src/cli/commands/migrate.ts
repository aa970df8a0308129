import type { Command } from 'commander';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Create or update the database tables (Postgres at DATABASE_URL, else the embedded database).')
    .action(async () => {
      const { openDatabase } = await import('../../db/open.js');
      const database = await openDatabase({ migrate: true });
      const where = database.kind === 'postgres' ? new URL(database.url).host : database.dataDir;
      await database.close();
      process.stdout.write(`Database is up to date (${database.kind}, ${where}).\n`);
    });
}
