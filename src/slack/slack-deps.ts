import type { Logger } from 'pino';
import type { Database } from '../db/client.js';

/** What every listener needs besides Bolt's own arguments. */
export interface SlackDeps {
  database: Database;
  /** Slack user ids that are always admins (SLACK_ADMIN_USER_IDS). */
  adminIds: readonly string[];
  log: Logger;
}
