import type { Command } from 'commander';
import { formatInt } from '../../lib/format.js';

export function registerRefresh(program: Command): void {
  program
    .command('refresh')
    .description(
      'Rebuild the analytics rollups (per customer, per product, per day) and the precomputed default views of the heavy reports (rfm, clv, churn, affinity, crosssell). Runs after every import; run it by hand after changing data directly in the database.',
    )
    .action(async () => {
      const { env } = await import('../../config/env.js');
      const { openDatabase } = await import('../../db/open.js');
      const { refreshAnalytics } = await import('../../services/refresh.js');
      const database = await openDatabase();
      try {
        const s = await refreshAnalytics(database, { trigger: 'manual', timeZone: env().SALES_TZ });
        const snapshots = Object.entries(s.snapshots)
          .map(([name, ms]) => `${name} ${ms} ms`)
          .join(', ');
        process.stdout.write(
          `Refreshed ${formatInt(s.customers)} customers, ${formatInt(s.products)} products and ${formatInt(s.dailyRows)} daily rows, ` +
            `then the report snapshots (${snapshots || 'none'}), in ${(s.durationMs / 1000).toFixed(1)} s.\n`,
        );
      } finally {
        await database.close();
      }
    });
}
