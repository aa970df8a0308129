import { isAppError } from '../lib/errors.js';
import { SlackSendError } from '../slack/web-poster.js';
import { SubscriptionGone } from './load-subscription.js';

const PERMANENT_APP_ERRORS = new Set(['NOT_FOUND', 'FORBIDDEN', 'UNMAPPED_USER', 'USAGE', 'CONFIG_INVALID']);

/** Errors retrying cannot fix: Slack's permanent ones, a person's own mistakes, a deleted subscription. */
export function isPermanentJobError(e: unknown): boolean {
  if (e instanceof SlackSendError) return e.permanent;
  if (e instanceof SubscriptionGone) return true;
  return isAppError(e) && PERMANENT_APP_ERRORS.has(e.code);
}

/** How long Slack asked us to wait (429 Retry-After), if that is the failure. */
export function retryAfterMs(e: unknown): number | undefined {
  return e instanceof SlackSendError ? e.retryAfterMs : undefined;
}

/** One line for /sales status and the job's failure reason; internals stay in the log. */
export function failureReason(e: unknown): string {
  if (e instanceof SlackSendError) {
    return e.retryAfterMs !== undefined ? `Slack rate limit (Retry-After ${Math.round(e.retryAfterMs / 1000)} s); retried` : `Slack: ${e.slackError}`;
  }
  if (isAppError(e)) return e.message;
  if (e instanceof SubscriptionGone) return e.message;
  const text = e instanceof Error ? e.message : String(e);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
