import type { Database } from '../db/client.js';
import { callListEntry, closeCallListEntry, insertCallListEntry, openCallList, type CallListRow } from '../db/queries/call-list.js';
import { formatPercent } from '../lib/format.js';
import { AppError } from '../lib/errors.js';
import type { AlertRow } from './alerts.js';
import type { Actor } from './slack-identity.js';
import { assertCanSee } from '../reports/user-scope-check.js';

export type { CallListRow };

/** Entries per page of `/sales calls` (two blocks each, within Slack's 50 blocks per message). */
export const CALLS_PER_PAGE = 15;

export interface CallListPage {
  /** `own`: a salesman's customers; `team`: everyone's (managers and admins). */
  whose: 'own' | 'team';
  rows: CallListRow[];
  total: number;
  offset: number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/**
 * Why to call, from a cross-sell suggestion as the DM showed it: "they bought Paper + Ink; 42% of such
 * baskets also have it (lift 2.1)". Kept as text so the list still says why after the rules change.
 */
export function crossSellReason(details: Record<string, unknown>): string {
  const because = Array.isArray(details.becauseNames) ? details.becauseNames.map(str).filter(Boolean).join(' + ') : '';
  const confidence = Number(details.confidence) || 0;
  const lift = Number(details.lift) || 0;
  return `${because ? `they bought ${because}; ` : ''}${formatPercent(confidence, 0)} of such baskets also have it (lift ${lift.toFixed(1)})`;
}

/**
 * "Add to call list" on a cross-sell suggestion: the customer goes on the call list of whoever owns
 * them, with the product to offer and why. Adding the same open call twice keeps one entry.
 */
export async function addCrossSellToCallList(database: Database, actor: Actor, row: AlertRow): Promise<{ id: number; created: boolean } | undefined> {
  if (row.customerId === null) return undefined;
  return insertCallListEntry(database, {
    customerId: row.customerId,
    productId: row.productId,
    reason: crossSellReason(row.details),
    addedBy: actor.slackUserId,
  });
}

/** The asker's call list: a salesman's own customers; managers and admins see the whole team's. */
export async function callListFor(database: Database, actor: Actor, offset = 0, limit = CALLS_PER_PAGE): Promise<CallListPage> {
  const own = actor.scope.kind === 'salesman' ? actor.scope.salesmanId : undefined;
  const safeOffset = Math.max(0, Math.floor(offset));
  const page = await openCallList(database, { ownerSalesmanId: own, limit, offset: safeOffset });
  // A page emptied by Done clicks (or a stale "More" button) falls back to the first page.
  if (page.rows.length === 0 && safeOffset > 0 && page.total > 0) return callListFor(database, actor, 0, limit);
  return { whose: own === undefined ? 'team' : 'own', rows: page.rows, total: page.total, offset: safeOffset };
}

/**
 * Marks a call done or removes it; either way it leaves the list. The id in the button is only a
 * pointer: the entry must exist and be about a customer the person may see. A second click is a no-op.
 */
export async function closeCall(database: Database, actor: Actor, id: number, status: 'done' | 'removed'): Promise<CallListRow> {
  const entry = Number.isSafeInteger(id) ? await callListEntry(database, id) : undefined;
  if (!entry) throw new AppError('NOT_FOUND', 'That call is no longer on the list.', { hint: 'Type `/sales calls` for the current list.' });
  assertCanSee(actor, entry.ownerSalesmanId);
  if (entry.status === 'open') await closeCallListEntry(database, id, status, actor.slackUserId);
  return entry;
}
