import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client.js';
import { insertActivity, type LoggedActivityRow } from '../db/queries/activity-log.js';
import { ACTIVITY_KINDS, type ActivityKind } from '../db/schema/crm.js';
import { AppError } from '../lib/errors.js';
import { didYouMean } from '../lib/text-tokens.js';
import { customerInScope } from './customer-search.js';
import { linkHint, type Actor } from './slack-identity.js';
import { assertCanSee } from '../reports/user-scope-check.js';

/** Notes longer than this are not a call note any more (and would not fit a Slack message). */
export const MAX_NOTES = 3000;
/** Clock skew tolerated for `at` in the future. */
const FUTURE_SLACK_MS = 5 * 60_000;

export interface LogActivityInput {
  /** visit, call, email or meeting (any case). */
  activityType: string;
  /** The customer's portal id; absent for an activity not tied to a customer. */
  customerId?: string | undefined;
  notes?: string | undefined;
  outcome?: string | undefined;
  /** When it happened; default now. A Date or an ISO date-time. */
  at?: Date | string | undefined;
  /**
   * Makes a retried submission (e.g. Slack re-sending a view) store one activity: the same key
   * returns the activity stored the first time.
   */
  idempotencyKey?: string | undefined;
}

export interface LoggedActivity extends LoggedActivityRow {
  /** False when the idempotency key had already stored this activity. */
  created: boolean;
}

function parseKind(text: string): ActivityKind {
  const t = text.trim().toLowerCase();
  if ((ACTIVITY_KINDS as readonly string[]).includes(t)) return t as ActivityKind;
  const guess = didYouMean(t, ACTIVITY_KINDS);
  throw new AppError('USAGE', `"${text}" is not an activity type.${guess ? ` Did you mean ${guess}?` : ''}`, {
    hint: `Types: ${ACTIVITY_KINDS.join(', ')}.`,
  });
}

function parseAt(at: Date | string | undefined, now: Date): Date {
  if (at === undefined) return now;
  const d = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(d.getTime())) throw new AppError('USAGE', `"${String(at)}" is not a date and time.`, { hint: 'Write it like 2024-03-31T14:30.' });
  if (d.getTime() > now.getTime() + FUTURE_SLACK_MS) throw new AppError('USAGE', 'An activity cannot be logged in the future.');
  return d;
}

/**
 * Records an activity for the actor's own salesman, as the activities import would (same columns and
 * kinds, `source = 'slack'`), so it counts in the activity report like an imported one. The actor must
 * be linked to a salesman; a salesman may log only against their own customers.
 */
export async function logActivity(database: Database, actor: Actor, input: LogActivityInput, now: Date = new Date()): Promise<LoggedActivity> {
  if (!actor.salesman) {
    throw new AppError('UNMAPPED_USER', 'Activities are logged for a salesman, and your Slack account is not linked to one.', {
      hint: await linkHint(database, actor),
    });
  }
  const kind = parseKind(input.activityType);
  const occurredAt = parseAt(input.at, now);
  const notes = input.notes?.trim() || null;
  if (notes !== null && notes.length > MAX_NOTES) {
    throw new AppError('USAGE', `Notes are limited to ${MAX_NOTES} characters; these have ${notes.length}.`);
  }
  let customerId: number | null = null;
  const wanted = input.customerId?.trim();
  if (wanted) {
    const customer = await customerInScope(database, actor.scope, wanted);
    assertCanSee(actor, customer.ownerId);
    customerId = customer.id;
  }
  const { row, created } = await insertActivity(database, {
    externalId: `slack:${actor.slackUserId}:${input.idempotencyKey ?? randomUUID()}`,
    occurredAt,
    salesmanId: actor.salesman.id,
    kind,
    customerId,
    notes,
    outcome: input.outcome?.trim() || null,
  });
  return { ...row, created };
}
