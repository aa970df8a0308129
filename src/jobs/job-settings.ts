import type { Env } from '../config/env.js';

/**
 * The configuration every job runs with. The command that starts the jobs (the CLI's `worker`,
 * `digest run`, `demo`) reads it from the environment and passes it down; processors find it in their
 * JobContext, so nothing under src/jobs reads env() itself.
 */
export interface JobSettings {
  /** SALES_TZ: business days and the times written in messages. */
  timeZone: string;
  /** STALE_DATA_HOURS: the freshness gate (0 = never stale). */
  staleAfterHours: number;
  /** SLACK_ADMIN_USER_IDS: always admins, whatever their stored role. */
  adminIds: readonly string[];
}

export function jobSettingsFrom(e: Pick<Env, 'SALES_TZ' | 'STALE_DATA_HOURS' | 'SLACK_ADMIN_USER_IDS'>): JobSettings {
  return { timeZone: e.SALES_TZ, staleAfterHours: e.STALE_DATA_HOURS, adminIds: e.SLACK_ADMIN_USER_IDS };
}
