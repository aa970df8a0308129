import {
  bigint,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  smallint,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Per-customer rollup kept current by the refresh step: the inputs of RFM, CLV and churn without
 * touching order lines. Purchase days are counted in SALES_TZ.
 *
 * The `buying_*`, `repeat_revenue` and `gap_*` columns are the BG/NBD, Gamma-Gamma and churn-rhythm
 * inputs of `customerPurchaseStats` over all history: a buying day is a business day whose net total is
 * ≥ 0 (a refund-only day is not a purchase). They are null for a customer with no buying day.
 */
export const customerRollup = pgTable(
  'customer_rollup',
  {
    customerId: integer('customer_id').primaryKey(),
    firstOrderAt: timestamp('first_order_at', { withTimezone: true }).notNull(),
    lastOrderAt: timestamp('last_order_at', { withTimezone: true }).notNull(),
    orders: integer('orders').notNull(),
    purchaseDays: integer('purchase_days').notNull(),
    revenue: numeric('revenue', { precision: 18, scale: 4 }).notNull(),
    buyingFirstDay: date('buying_first_day'),
    buyingLastDay: date('buying_last_day'),
    buyingDays: integer('buying_days'),
    /** Orders on buying days. */
    buyingOrders: integer('buying_orders'),
    /** Net total of every buying day but the first. */
    repeatRevenue: numeric('repeat_revenue', { precision: 18, scale: 4 }),
    /** Median and 90th percentile (type 7) of the gaps in days between buying days; null with one. */
    gapP50Days: doublePrecision('gap_p50_days'),
    gapP90Days: doublePrecision('gap_p90_days'),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // The latest order (data freshness, read by every report) and the customers an incremental refresh
  // touches are found through this index rather than a scan of every customer.
  (t) => [index('customer_rollup_last_order_idx').on(t.lastOrderAt)],
);

/** Per-product rollup: last sale (slow movers), units and revenue. */
export const productRollup = pgTable('product_rollup', {
  productId: integer('product_id').primaryKey(),
  lastSoldAt: timestamp('last_sold_at', { withTimezone: true }).notNull(),
  orders: integer('orders').notNull(),
  units: numeric('units', { precision: 18, scale: 3 }).notNull(),
  revenue: numeric('revenue', { precision: 18, scale: 4 }).notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Daily revenue per (day, salesman, product, customer region): the grain most windowed reports aggregate
 * from. `region` is the buying customer's region when the refresh ran ('' = none; a customers import
 * is followed by a full refresh), so region filters are served too.
 */
export const dailySales = pgTable(
  'daily_sales',
  {
    day: date('day').notNull(),
    salesmanId: integer('salesman_id').notNull().default(0),
    productId: integer('product_id').notNull(),
    region: text('region').notNull().default(''),
    orders: integer('orders').notNull(),
    units: numeric('units', { precision: 18, scale: 3 }).notNull(),
    revenue: numeric('revenue', { precision: 18, scale: 4 }).notNull(),
  },
  // (salesman, product, day) answers "last sale of each product by this salesman" (slow movers in a
  // salesman's scope) with one short backward index walk per product.
  (t) => [
    primaryKey({ columns: [t.day, t.salesmanId, t.productId, t.region] }),
    index('daily_sales_product_idx').on(t.productId, t.day),
    index('daily_sales_salesman_idx').on(t.salesmanId, t.productId, t.day),
  ],
);

/**
 * The default view of a heavy report, materialized as its JSON result. `dataAsOf` is the latest order
 * date the snapshot saw; reports compare it with the live value to say how fresh they are.
 */
export const reportSnapshots = pgTable(
  'report_snapshots',
  {
    id: serial('id').primaryKey(),
    report: text('report').notNull(),
    paramsKey: text('params_key').notNull(),
    asOf: timestamp('as_of', { withTimezone: true }).notNull(),
    dataAsOf: timestamp('data_as_of', { withTimezone: true }),
    result: jsonb('result').notNull(),
    durationMs: integer('duration_ms').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('report_snapshots_uq').on(t.report, t.paramsKey)],
);

/** One row per refresh, so reports and /sales status can say when data was last rebuilt. */
export const refreshRuns = pgTable('refresh_runs', {
  id: serial('id').primaryKey(),
  trigger: text('trigger').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  stats: jsonb('stats').$type<Record<string, number | string>>(),
});

/**
 * At most one row (id 1): order lines or customer regions changed by a committed import that no refresh
 * has yet folded into the rollups. Written in the import's own transaction, so a crash between an
 * import and its refresh leaves it behind; the next refresh widens its range to `since` and deletes the
 * row in the transaction that commits the rollups. `since` = earliest order time not covered (null =
 * everything, e.g. a customer moved region); `generation` grows with every mark, so a refresh deletes
 * only the mark it read at its start.
 */
export const rollupsBehind = pgTable('rollups_behind', {
  id: smallint('id').primaryKey().default(1),
  since: timestamp('since', { withTimezone: true }),
  generation: bigint('generation', { mode: 'number' }).notNull().default(1),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
});
