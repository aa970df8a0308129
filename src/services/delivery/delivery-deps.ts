import type { Database } from '../../db/client.js';
import type { DeliveryMessages } from './delivery-messages.js';
import type { SlackPoster } from './slack-poster.js';

/** Where the service writes what it could not do but need not fail for (pino's Logger fits). */
export interface DeliveryLog {
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** What the delivery service needs; a job's context (src/jobs/job-context.ts) is one. */
export interface DeliveryDeps {
  database: Database;
  slack: SlackPoster;
  messages: DeliveryMessages;
  log: DeliveryLog;
  /** Removes a subscription's scheduler (after a permanent delivery problem pauses it); no-op without Redis. */
  unschedule(subscriptionId: number): Promise<void>;
  now(): Date;
  /** SALES_TZ: how times are written in messages. */
  timeZone: string;
  /** Freshness gate: data older than this many hours is stale (0 = never). */
  staleAfterHours: number;
}
