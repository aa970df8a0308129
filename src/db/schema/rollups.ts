import { date, index, integer, numeric, pgTable, primaryKey, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Revenue and orders per (business day, hour of day, salesman, customer region) in SALES_TZ: the timing
 * report's grain. `salesman_id` 0 = orders without a salesman, `region` '' = customer without one. An
 * order has one time, salesman and customer, so it is counted in exactly one row and `orders` adds up.
 */
export const hourlySales = pgTable(
  'hourly_sales',
  {
    day: date('day').notNull(),
    hour: smallint('hour').notNull(),
    salesmanId: integer('salesman_id').notNull().default(0),
    region: text('region').notNull().default(''),
    orders: integer('orders').notNull(),
    revenue: numeric('revenue', { precision: 18, scale: 4 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.hour, t.salesmanId, t.region] })],
);

/** `region` value of the basket rows that count every order, whatever its customer's region. */
export const ALL_REGIONS = '*';

/**
 * Basket co-occurrence counts per block of business days: the blocks split each month into days 1–7,
 * 8–14, 15–21 and 22–end, so they nest in months and a window's edges need at most six loose days
 * (nine at a month's end) read from order lines. One row per (block, region, item a): `items`
 * ascending, all ≥ a, and `baskets[k]` the orders holding both a and items[k]; items[k] = a gives the
 * orders holding a, and the row a = 0 holds {0} → all orders. `region` is the customer's ('' = none),
 * or {@link ALL_REGIONS} for the counts over every order. Product ids are internal ids. Arrays keep the
 * rollup a hundred times fewer rows than one row per pair, which is what its refresh pays for.
 */
export const basketBlockCounts = pgTable(
  'basket_block_counts',
  {
    blockStart: date('block_start').notNull(),
    region: text('region').notNull(),
    itemA: integer('item_a').notNull(),
    items: integer('items').array().notNull(),
    baskets: integer('baskets').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.blockStart, t.region, t.itemA] })],
);

/** The same counts per business month (first day of the month), summed from the blocks. */
export const basketMonthCounts = pgTable(
  'basket_month_counts',
  {
    month: date('month').notNull(),
    region: text('region').notNull(),
    itemA: integer('item_a').notNull(),
    items: integer('items').array().notNull(),
    baskets: integer('baskets').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.region, t.itemA] })],
);

/**
 * Per (customer, business day in SALES_TZ, salesman): orders, net revenue and the first / last order
 * time. About one row per order, but the customer-level reports read it instead of order lines for any
 * window, region, customer or salesman filter (salesman_id 0 = orders without one), and the per-customer
 * rollup and the purchase statistics of CLV and churn are rebuilt from it for just the customers a
 * new day of sales touches.
 */
export const customerDay = pgTable(
  'customer_day',
  {
    customerId: integer('customer_id').notNull(),
    day: date('day').notNull(),
    salesmanId: integer('salesman_id').notNull().default(0),
    orders: integer('orders').notNull(),
    revenue: numeric('revenue', { precision: 18, scale: 4 }).notNull(),
    firstOrderAt: timestamp('first_order_at', { withTimezone: true }).notNull(),
    lastOrderAt: timestamp('last_order_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.day, t.salesmanId] }), index('customer_day_day_idx').on(t.day)],
);

/**
 * Every (customer, product) ever bought, with the first business day it was bought: what cross-sell
 * needs to know ("has this customer bought X by day D?") without reading the customer's order lines.
 * About one row per order line, so no index beyond the key: an incremental refresh finds the pairs a
 * new day can change through the key (the customers it touches), and readers scan for a day bound.
 */
export const customerProduct = pgTable(
  'customer_product',
  {
    customerId: integer('customer_id').notNull(),
    productId: integer('product_id').notNull(),
    firstDay: date('first_day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.productId] })],
);

/**
 * `daily_sales` summed over salesmen: units and revenue per (business day, product), a tenth of its
 * rows or less, for the product reports' long windows when no salesman filter or scope applies.
 */
export const productDay = pgTable(
  'product_day',
  {
    day: date('day').notNull(),
    productId: integer('product_id').notNull(),
    units: numeric('units', { precision: 18, scale: 3 }).notNull(),
    revenue: numeric('revenue', { precision: 18, scale: 4 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.productId] })],
);

/**
 * `product_day` per product and calendar week (Monday to Sunday, business days): `units_through_<i>` and
 * `revenue_through_<i>` are the net units and revenue of the week's days 0 (Monday) … i, so the sum
 * over any run of the week's days is a difference of two columns. The abc report's weeks are counted
 * back from the window's last day, so each of them is the end of one calendar week plus the start of
 * the next, and a window's first and last calendar weeks may be cut: column differences on one row per
 * product and week, read in key order, instead of grouping every product-day into its week (a hash of
 * products × weeks that spills at scale). Rows only for weeks with a product_day row.
 */
export const productWeek = pgTable(
  'product_week',
  {
    productId: integer('product_id').notNull(),
    weekStart: date('week_start').notNull(),
    unitsThrough0: numeric('units_through_0', { precision: 18, scale: 3 }).notNull(),
    unitsThrough1: numeric('units_through_1', { precision: 18, scale: 3 }).notNull(),
    unitsThrough2: numeric('units_through_2', { precision: 18, scale: 3 }).notNull(),
    unitsThrough3: numeric('units_through_3', { precision: 18, scale: 3 }).notNull(),
    unitsThrough4: numeric('units_through_4', { precision: 18, scale: 3 }).notNull(),
    unitsThrough5: numeric('units_through_5', { precision: 18, scale: 3 }).notNull(),
    unitsThrough6: numeric('units_through_6', { precision: 18, scale: 3 }).notNull(),
    revenueThrough0: numeric('revenue_through_0', { precision: 18, scale: 4 }).notNull(),
    revenueThrough1: numeric('revenue_through_1', { precision: 18, scale: 4 }).notNull(),
    revenueThrough2: numeric('revenue_through_2', { precision: 18, scale: 4 }).notNull(),
    revenueThrough3: numeric('revenue_through_3', { precision: 18, scale: 4 }).notNull(),
    revenueThrough4: numeric('revenue_through_4', { precision: 18, scale: 4 }).notNull(),
    revenueThrough5: numeric('revenue_through_5', { precision: 18, scale: 4 }).notNull(),
    revenueThrough6: numeric('revenue_through_6', { precision: 18, scale: 4 }).notNull(),
  },
  // week_start: an incremental refresh replaces the latest weeks of every product.
  (t) => [primaryKey({ columns: [t.productId, t.weekStart] }), index('product_week_week_start_idx').on(t.weekStart)],
);

/**
 * One row per (customer, business day with an order): the day's orders and net revenue (all salesmen),
 * the customer's previous such day (null on the first) and the orders of the earlier days. A customer's state at any day D — last order day and
 * orders before D, all an RFM segment as of D depends on — is then on their last row before D, or
 * their first row on or after it, so `why` reads a window's rows instead of every customer's history.
 */
export const customerDayHistory = pgTable(
  'customer_day_history',
  {
    customerId: integer('customer_id').notNull(),
    day: date('day').notNull(),
    previousDay: date('previous_day'),
    ordersBefore: integer('orders_before').notNull(),
    orders: integer('orders').notNull(),
    revenue: numeric('revenue', { precision: 18, scale: 4 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.day] }), index('customer_day_history_day_idx').on(t.day)],
);

/**
 * How the days of a business month (first day of the month) change the histograms of customers' state
 * (see {@link customerDayHistory}): `kind` 0 = last order day (`value` = days since 1970-01-01), 1 =
 * orders (`value` = the count); `customers` = customers entering minus customers leaving that value.
 * Summed over the months before D's month plus the events of D's month before D, they give both
 * histograms over every customer with an order before D, in a few thousand rows.
 */
export const customerHistoryMonth = pgTable(
  'customer_history_month',
  {
    month: date('month').notNull(),
    kind: smallint('kind').notNull(),
    value: integer('value').notNull(),
    customers: integer('customers').notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.kind, t.value] })],
);
