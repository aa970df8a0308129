import { bigint, bigserial, index, integer, numeric, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { products } from './catalog.js';
import { customers, salesmen } from './people.js';

export const orders = pgTable(
  'orders',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    externalId: text('external_id').notNull().unique(),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    salesmanId: integer('salesman_id').references(() => salesmen.id, { onDelete: 'set null' }),
  },
  // Reports read order lines; orders are looked up by external id (imports) and counted per salesman.
  (t) => [index('orders_salesman_idx').on(t.salesmanId, t.orderedAt)],
);

/**
 * One row per order line, keyed by (order, line number). `ordered_at`, `customer_id` and `salesman_id` are
 * copied from the order so the reports' group-bys scan one table without a join (the order is the single
 * writer of those columns). Every index here is paid for on each imported line, so there are only the
 * ones the reports and the rollup refresh use.
 */
export const orderItems = pgTable(
  'order_items',
  {
    orderId: bigint('order_id', { mode: 'number' })
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    lineNo: integer('line_no').notNull(),
    productId: integer('product_id')
      .notNull()
      .references(() => products.id),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    customerId: integer('customer_id').notNull(),
    salesmanId: integer('salesman_id'),
    quantity: numeric('quantity', { precision: 14, scale: 3 }).notNull(),
    unitPrice: numeric('unit_price', { precision: 14, scale: 4 }).notNull(),
    discount: numeric('discount', { precision: 6, scale: 5 }).notNull().default('0'),
    amount: numeric('amount', { precision: 16, scale: 4 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineNo] }),
    index('order_items_ordered_at_idx').on(t.orderedAt),
    index('order_items_customer_idx').on(t.customerId, t.orderedAt),
    index('order_items_product_idx').on(t.productId, t.orderedAt),
    index('order_items_salesman_idx').on(t.salesmanId, t.orderedAt),
  ],
);
