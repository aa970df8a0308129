import { check, index, integer, numeric, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { salesmen } from './people.js';

export const TARGET_METRICS = ['revenue', 'orders', 'new_customers'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

/** Whom a target is for: the whole company, one region (customers'), one product category or one salesman. */
export const TARGET_SCOPES = ['company', 'region', 'category', 'salesman'] as const;
export type TargetScopeKind = (typeof TARGET_SCOPES)[number];

/**
 * Sales targets, from the `targets` import or `/sales goal set` (both upsert on the natural key).
 * `period` is a business month (`2026-03`) or quarter (`2026-Q1`); `scope_value` is '' for the company,
 * the region or category name as in the data, or the salesman's portal id (then `salesman_id` points at
 * the salesman, so a report can join without matching text).
 */
export const targets = pgTable(
  'targets',
  {
    id: serial('id').primaryKey(),
    period: text('period').notNull(),
    metric: text('metric', { enum: TARGET_METRICS }).notNull(),
    scopeKind: text('scope_kind', { enum: TARGET_SCOPES }).notNull(),
    scopeValue: text('scope_value').notNull().default(''),
    salesmanId: integer('salesman_id').references(() => salesmen.id, { onDelete: 'cascade' }),
    amount: numeric('amount', { precision: 18, scale: 4 }).notNull(),
    source: text('source', { enum: ['import', 'slack'] }).notNull().default('import'),
    /** Slack user who last set it from Slack (null for imports). */
    setBy: text('set_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('targets_natural_key_uq').on(t.period, t.metric, t.scopeKind, t.scopeValue),
    index('targets_salesman_idx').on(t.salesmanId),
    check('targets_period_shape', sql`${t.period} ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'`),
    check('targets_amount_nonnegative', sql`${t.amount} >= 0`),
  ],
);
