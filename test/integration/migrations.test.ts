import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, migrate } from '../../src/db/client.js';
import { rows } from '../../src/db/sql/run.js';
import { createTestDatabase, type TestDatabase } from '../helpers/services.js';

const EXPECTED_TABLES = [
  'activities', 'alert_state', 'api_tokens', 'basket_block_counts', 'basket_month_counts', 'call_list', 'cross_sell_feedback', 'customer_day', 'customer_day_history', 'customer_history_month',
  'customer_product', 'customer_rollup', 'customers', 'daily_sales', 'deliveries', 'follows', 'hourly_sales', 'job_runs',
  'lead_stage_history', 'leads', 'order_items', 'orders', 'product_day', 'product_rollup', 'product_week', 'products',
  'refresh_runs', 'report_snapshots', 'rollups_behind', 'salesmen', 'slack_users', 'subscriptions', 'targets',
];

const tablesQuery = sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`;

describe('migrations', () => {
  let pg: TestDatabase | undefined;
  afterAll(async () => pg?.drop());

  it('run clean on an empty Postgres database, and again as a no-op', async () => {
    pg = await createTestDatabase({ migrate: false });
    await migrate(pg.database);
    await migrate(pg.database);
    const tables = (await rows<{ table_name: string }>(pg.database, tablesQuery)).map((r) => r.table_name);
    expect(tables).toEqual(EXPECTED_TABLES);
  });

  it('run clean on the embedded PGlite database', async () => {
    const lite = await connect({ pgliteDir: 'memory://' });
    try {
      await migrate(lite);
      await migrate(lite);
      const tables = (await rows<{ table_name: string }>(lite, tablesQuery)).map((r) => r.table_name);
      expect(tables).toEqual(EXPECTED_TABLES);
    } finally {
      await lite.close();
    }
  });

  it('say in one line where Postgres could not be reached and what to do', async () => {
    await expect(connect({ url: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow(
      /^Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)\.$/,
    );
  });
});
