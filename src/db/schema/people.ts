import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';

/** Salesmen as imported from the portal; `external_id` is the portal's id and the upsert key. */
export const salesmen = pgTable(
  'salesmen',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull().unique(),
    name: text('name').notNull(),
    email: text('email'),
    slackUserId: text('slack_user_id'),
    region: text('region'),
    managerExternalId: text('manager_external_id'),
    active: boolean('active').notNull().default(true),
    isPlaceholder: boolean('is_placeholder').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('salesmen_slack_user_idx').on(t.slackUserId),
    index('salesmen_email_idx').on(sql`lower(${t.email})`),
  ],
);

export const customers = pgTable(
  'customers',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull().unique(),
    name: text('name').notNull(),
    email: text('email'),
    city: text('city'),
    region: text('region'),
    country: text('country'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    salesmanId: integer('salesman_id').references(() => salesmen.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }),
    isPlaceholder: boolean('is_placeholder').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('customers_salesman_idx').on(t.salesmanId),
    index('customers_region_idx').on(t.region),
    // A command's customer words are matched ignoring case, on id or name: without these a portal's
    // millions of customers are read for every such word (≈ 1 s at 2.3M customers).
    index('customers_external_id_lower_idx').on(sql`lower(${t.externalId})`),
    index('customers_name_lower_idx').on(sql`lower(${t.name})`),
  ],
);
