import { boolean, index, integer, numeric, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

export const products = pgTable(
  'products',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull().unique(),
    name: text('name').notNull(),
    sku: text('sku'),
    category: text('category'),
    unitPrice: numeric('unit_price', { precision: 14, scale: 4 }),
    unitCost: numeric('unit_cost', { precision: 14, scale: 4 }),
    stockQty: integer('stock_qty'),
    active: boolean('active').notNull().default(true),
    isPlaceholder: boolean('is_placeholder').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('products_category_idx').on(t.category)],
);
