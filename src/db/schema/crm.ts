import { bigserial, date, index, integer, numeric, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { customers, salesmen } from './people.js';

export const LEAD_STAGES = ['lead', 'opportunity', 'won', 'lost'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

export const ACTIVITY_KINDS = ['visit', 'call', 'email', 'meeting'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** Current state of each lead; every stage it has passed through is in `lead_stage_history`. */
export const leads = pgTable(
  'leads',
  {
    id: serial('id').primaryKey(),
    externalId: text('external_id').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    stage: text('stage', { enum: LEAD_STAGES }).notNull(),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true }),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    salesmanId: integer('salesman_id').references(() => salesmen.id, { onDelete: 'set null' }),
    source: text('source'),
    value: numeric('value', { precision: 16, scale: 4 }),
    lostReason: text('lost_reason'),
    /** The day the deal is expected to close (a calendar date in SALES_TZ); past it, an open deal is overdue. */
    expectedClose: date('expected_close', { mode: 'string' }),
    /** The deal's amount, as the CRM states it (money; never a float). */
    amount: numeric('amount', { precision: 16, scale: 4 }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('leads_created_at_idx').on(t.createdAt),
    index('leads_salesman_idx').on(t.salesmanId),
    index('leads_stage_idx').on(t.stage, t.stageChangedAt),
  ],
);

/** Funnel timing: when a lead entered each stage (one row per lead and stage, first entry wins). */
export const leadStageHistory = pgTable(
  'lead_stage_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    leadId: integer('lead_id')
      .notNull()
      .references(() => leads.id, { onDelete: 'cascade' }),
    stage: text('stage', { enum: LEAD_STAGES }).notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('lead_stage_history_uq').on(t.leadId, t.stage)],
);

export const activities = pgTable(
  'activities',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    externalId: text('external_id').notNull().unique(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    salesmanId: integer('salesman_id')
      .notNull()
      .references(() => salesmen.id),
    kind: text('kind', { enum: ACTIVITY_KINDS }).notNull(),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    notes: text('notes'),
    outcome: text('outcome'),
    source: text('source', { enum: ['import', 'slack'] }).notNull().default('import'),
  },
  (t) => [
    index('activities_salesman_idx').on(t.salesmanId, t.occurredAt),
    index('activities_customer_idx').on(t.customerId, t.occurredAt),
  ],
);
