import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { FOLLOW_CADENCES, METRICS } from '../../lib/metric-names.js';
import { products } from './catalog.js';
import { customers, salesmen } from './people.js';

export const ROLES = ['admin', 'manager', 'salesman'] as const;
export type Role = (typeof ROLES)[number];

/** Slack user ↔ salesman mapping and the user's role in the bot. */
export const slackUsers = pgTable(
  'slack_users',
  {
    slackUserId: text('slack_user_id').primaryKey(),
    teamId: text('team_id'),
    salesmanId: integer('salesman_id').references(() => salesmen.id, { onDelete: 'set null' }),
    role: text('role', { enum: ROLES }).notNull().default('salesman'),
    email: text('email'),
    timeZone: text('time_zone'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('slack_users_salesman_idx').on(t.salesmanId)],
);

/** `follow`: one person's digest of the metrics they follow at one cadence (rows of `follows` point to it). */
export const SUBSCRIPTION_KINDS = ['report', 'digest', 'alert', 'follow'] as const;

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: serial('id').primaryKey(),
    ownerSlackUserId: text('owner_slack_user_id').notNull(),
    /** Channel id (C…/G…) or a user id (U…) for a DM. */
    target: text('target').notNull(),
    kind: text('kind', { enum: SUBSCRIPTION_KINDS }).notNull(),
    /** Report name for kind = report, alert name for kind = alert. */
    subject: text('subject'),
    filters: jsonb('filters').$type<Record<string, string>>().notNull().default({}),
    cron: text('cron').notNull(),
    timeZone: text('time_zone').notNull(),
    paused: boolean('paused').notNull().default(false),
    skipWhenEmpty: boolean('skip_when_empty').notNull().default(false),
    onlyWhenChanged: boolean('only_when_changed').notNull().default(false),
    lastResultHash: text('last_result_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('subscriptions_owner_idx').on(t.ownerSlackUserId)],
);

/**
 * Metrics a person follows (`/sales follow revenue region:Iberia weekly`). Each follow belongs to the
 * owner's follow digest of its cadence: a `follow` subscription (subject `daily` or `weekly`, a DM to
 * the owner, the cron read in the owner's Slack time zone), so the scheduler, the reconciliation, the
 * delivery log and `/sales subscriptions` treat the digest like any other subscription. Removing the
 * last follow of a cadence removes that subscription; removing the subscription removes its follows.
 */
export const follows = pgTable(
  'follows',
  {
    id: serial('id').primaryKey(),
    ownerSlackUserId: text('owner_slack_user_id').notNull(),
    subscriptionId: integer('subscription_id')
      .notNull()
      .references(() => subscriptions.id, { onDelete: 'cascade' }),
    metric: text('metric', { enum: METRICS }).notNull(),
    /** Resolved filters as `key → value` text (`parseFilterMap` reads them back). */
    filters: jsonb('filters').$type<Record<string, string>>().notNull().default({}),
    cadence: text('cadence', { enum: FOLLOW_CADENCES }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One follow per person, metric and filters: following it again changes its cadence.
    uniqueIndex('follows_owner_metric_uq').on(t.ownerSlackUserId, t.metric, t.filters),
    index('follows_subscription_idx').on(t.subscriptionId),
  ],
);

export const ALERT_STATES = ['open', 'snoozed', 'handled', 'recovered'] as const;

/** One row per alert subject (e.g. churn × customer) so an alert is not sent again until it changes. */
export const alertState = pgTable(
  'alert_state',
  {
    id: serial('id').primaryKey(),
    alertKind: text('alert_kind').notNull(),
    subjectKey: text('subject_key').notNull(),
    customerId: integer('customer_id').references(() => customers.id, { onDelete: 'cascade' }),
    productId: integer('product_id').references(() => products.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ALERT_STATES }).notNull().default('open'),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    assignedSlackUserId: text('assigned_slack_user_id'),
    channelId: text('channel_id'),
    messageTs: text('message_ts'),
    details: jsonb('details').$type<Record<string, unknown>>(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('alert_state_subject_uq').on(t.alertKind, t.subjectKey)],
);

/** Delivery log: checked before posting so a retried job never sends the same message twice. */
export const deliveries = pgTable(
  'deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    subscriptionId: integer('subscription_id').references(() => subscriptions.id, { onDelete: 'set null' }),
    jobName: text('job_name').notNull(),
    recipient: text('recipient').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'skipped', 'failed'] }).notNull(),
    messageTs: text('message_ts'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deliveries_subscription_idx').on(t.subscriptionId, t.createdAt)],
);

/** Runs of scheduled and queued jobs, for `/sales status`. */
export const jobRuns = pgTable(
  'job_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    jobName: text('job_name').notNull(),
    jobId: text('job_id'),
    subscriptionId: integer('subscription_id').references(() => subscriptions.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('job_runs_name_idx').on(t.jobName, t.startedAt)],
);

/** "Add to call list" / "Not relevant" answers on cross-sell suggestions, kept for tuning. */
export const crossSellFeedback = pgTable('cross_sell_feedback', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  salesmanId: integer('salesman_id').references(() => salesmen.id, { onDelete: 'cascade' }),
  customerId: integer('customer_id')
    .notNull()
    .references(() => customers.id, { onDelete: 'cascade' }),
  productId: integer('product_id')
    .notNull()
    .references(() => products.id, { onDelete: 'cascade' }),
  verdict: text('verdict', { enum: ['call_list', 'not_relevant'] }).notNull(),
  slackUserId: text('slack_user_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const CALL_LIST_STATUSES = ['open', 'done', 'removed'] as const;
export type CallListStatus = (typeof CALL_LIST_STATUSES)[number];

/**
 * The call list: customers someone decided to call, with what to offer and why ("Add to call list" on a
 * cross-sell suggestion). An entry stays `open` until it is marked done or removed; closed entries are
 * kept (who closed it, when) but leave the list. The customer's owner is read live from customers, so a
 * reassigned customer moves to the new salesman's list.
 */
export const callList = pgTable(
  'call_list',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    /** What to offer; null for a call without a product in mind. */
    productId: integer('product_id').references(() => products.id, { onDelete: 'cascade' }),
    /** Why, as the person saw it when adding ("they bought Paper + Ink; 42% of such baskets also have it"). */
    reason: text('reason').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: CALL_LIST_STATUSES }).notNull().default('open'),
    closedBy: text('closed_by'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // One open entry per customer and product: a second click or a second suggestion adds nothing.
    uniqueIndex('call_list_open_uq').on(t.customerId, t.productId).where(sql`status = 'open'`),
    index('call_list_status_idx').on(t.status, t.addedAt),
  ],
);
