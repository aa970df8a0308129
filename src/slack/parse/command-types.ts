import type { FollowCadence, MetricName } from '../../lib/metric-names.js';
import type { GoalPeriodSpec } from '../../analytics/goal-period.js';
import type { TargetMetric } from '../../db/schema/targets.js';
import type { ReportFilters } from '../../lib/report-filters.js';
import type { ReportRequest } from '../../requests/report-request.js';
import type { UsageError } from '../../requests/usage-error.js';

export const ACTIVITY_TYPES = ['visit', 'call', 'email', 'meeting'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const BOT_ROLES = ['admin', 'manager', 'salesman'] as const;
export type BotRole = (typeof BOT_ROLES)[number];

/** A report request as typed after `/sales` (read by src/requests; `public` posts in the channel). */
export interface ReportCommand extends ReportRequest {
  kind: 'report';
}

export type SubscriptionSubject =
  | { kind: 'report'; report: string; filters: ReportFilters; options: Record<string, unknown>; canonical: string }
  | { kind: 'digest' }
  | { kind: 'alert'; alert: string };

export interface SubscriptionSchedule {
  /** `cron`: the person wrote the cron pattern themselves (`cron "0 8 * * 1-5"`). */
  every: 'day' | 'weekday' | 'week' | 'month' | 'cron';
  /** HH:MM, 24-hour, in the subscriber's time zone. */
  at: string;
  /** Day of the week (0 = Sunday) for `week`, day of the month (1–28) for `month`. */
  on?: number;
  /** Five-field cron for the scheduler. */
  cron: string;
}

/** `salesmen`: one direct message to every salesman, each with their own data (alerts at-risk, crosssell, deals, pacing and anomalies). */
export type SubscriptionTarget =
  | { kind: 'here' }
  | { kind: 'me' }
  | { kind: 'channel'; channelId: string }
  | { kind: 'user'; userId: string }
  | { kind: 'salesmen' };

export interface SubscribeCommand {
  kind: 'subscribe';
  subject: SubscriptionSubject;
  /** Filters as `key → value` text (the stored form; `parseFilterMap` reads it back). */
  filterMap: Record<string, string>;
  schedule: SubscriptionSchedule;
  target: SubscriptionTarget;
  skipWhenEmpty: boolean;
  onlyWhenChanged: boolean;
  canonical: string;
}

/** Whom `/sales goal set` is for, as typed (the handler checks it against the data). */
export type GoalScopeSpec =
  | { kind: 'company' }
  | { kind: 'region' | 'category'; value: string }
  | { kind: 'salesman'; id: string }
  | { kind: 'user'; userId: string };

export interface GoalSetCommand {
  kind: 'goal-set';
  metric: TargetMetric;
  /** Plain decimal text ("120000"). */
  amount: string;
  period: GoalPeriodSpec;
  scope: GoalScopeSpec;
}

/** `/sales follow <metric> [daily|weekly] [filters]` (issue 15). */
export interface FollowCommand {
  kind: 'follow';
  metric: MetricName;
  cadence: FollowCadence;
  filters: ReportFilters;
  /** A person picked with @: follow their salesman's book. */
  mentionUserId?: string;
  canonical: string;
}

/** `/sales unfollow <ids>` or `/sales unfollow <metric> [filters]`. */
export type UnfollowCommand =
  | { kind: 'unfollow'; ids: number[] }
  | { kind: 'unfollow'; metric: MetricName; filters: ReportFilters; mentionUserId?: string };

export type SlashCommand =
  | { kind: 'help'; topic?: string }
  | ReportCommand
  | { kind: 'log'; activityType: ActivityType; customer: string; notes?: string }
  | { kind: 'admin-role'; userId: string; role: BotRole }
  | { kind: 'admin-link'; userId: string; salesmanId: string }
  | SubscribeCommand
  | { kind: 'subscriptions' }
  | { kind: 'unsubscribe' | 'pause' | 'resume'; subscriptionId: number }
  | { kind: 'status' }
  | { kind: 'calls' }
  | GoalSetCommand
  | FollowCommand
  | { kind: 'following' }
  | UnfollowCommand;

export type ParseResult = { ok: true; command: SlashCommand } | { ok: false; usage: UsageError };
