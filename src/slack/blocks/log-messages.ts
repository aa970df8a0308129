import { sentence } from '../../lib/format.js';
import { ACTION_IDS, decodeLogChoice, encodeLogChoice } from '../parse/action-value.js';
import type { ActivityType } from '../parse/command-types.js';
import { actions, button, context, message, section, type Button, type Message } from './builders.js';
import { LIMITS } from './limits.js';
import { escapeFit } from './text.js';

/** A customer the person may have meant: `id` or `customerId` is the portal id. */
export type CustomerCandidate = { name: string; city?: string | null } & ({ id: string } | { customerId: string });

/** Choices offered at most; a longer list means the search was too vague to click through. */
const MAX_CHOICES = 10;

const idOf = (c: CustomerCandidate): string => ('id' in c ? c.id : c.customerId);

/**
 * "Which customer did you mean?" for `/sales log`: one button per candidate (action id
 * `log_choose_customer`) whose value carries the activity type, the customer id and the notes (cut to
 * fit Slack's 2000 characters, which the message then says).
 */
export function customerChoiceMessage(activityType: ActivityType, notes: string | undefined, candidates: readonly CustomerCandidate[]): Message {
  let shortened = false;
  const buttons = candidates.slice(0, MAX_CHOICES).flatMap((c): Button[] => {
    const customerId = idOf(c);
    const value = typeof customerId === 'string' ? encodeLogChoice({ activityType, customerId, ...(notes ? { notes } : {}) }) : undefined;
    if (value === undefined) return [];
    if (notes?.trim() && decodeLogChoice(value)?.notes !== notes) shortened = true;
    const where = c.city?.trim() ? ` · ${c.city.trim()}` : '';
    return [button(`${c.name} (${customerId})${where}`, ACTION_IDS.logChooseCustomer, value)];
  });
  const what = escapeFit(activityType, 20);
  if (buttons.length === 0) {
    return message(`No customer to choose for this ${what}.`, [section(`No customer matches closely enough to log this ${what}. Try the customer id, e.g. \`/sales log ${what} C00042\`.`)]);
  }
  const more = candidates.length - buttons.length;
  return message(`Which customer was this ${what} with?`, [
    section(`Which customer was this *${what}* with?`),
    actions(buttons.slice(0, LIMITS.actionsElements)),
    context([
      ...(notes?.trim() ? [`Notes: ${escapeFit(notes, 300)}`] : []),
      ...(shortened ? ['Your notes are long: only their beginning fits in a button and will be kept.'] : []),
      ...(more > 0 ? [`${more} more matched; type more of the name or the customer id to narrow it down.`] : []),
    ]),
  ]);
}

/** The stored activity as services/activity-log returns it (only what the message shows). */
export interface LoggedActivity {
  /** visit, call, email or meeting. */
  kind: string;
  customerId: string | null;
  customerName: string | null;
  notes?: string | null;
  /** ISO instant it happened. */
  occurredAt?: string;
  /** False when a retried submission found it already stored. */
  created?: boolean;
}

/** Confirmation that an activity was logged. */
export function activityLoggedMessage(a: LoggedActivity): Message {
  const what = escapeFit(a.kind, 20);
  const name = a.customerName?.trim() ? a.customerName : null;
  const who = a.customerId ? `with *${escapeFit(name ?? a.customerId, 200)}*${name ? ` (${escapeFit(a.customerId, 100)})` : ''}` : 'without a customer';
  const plainWho = a.customerId ? `with ${name ?? a.customerId}` : 'without a customer';
  // sentence(): a name that ends in a period ("Cortiças Lda.") gets no second one.
  return message(escapeFit(sentence(`Logged a ${a.kind} ${plainWho}`), 500), [
    section(`:white_check_mark: Logged a *${what}* ${who}.`),
    a.notes?.trim() ? section(`> ${escapeFit(a.notes, 2000).replace(/\n/g, '\n> ')}`) : undefined,
    context([
      ...(a.occurredAt ? [`When: ${escapeFit(a.occurredAt, 100)}`] : []),
      ...(a.created === false ? ['It was already logged; nothing new was stored.'] : []),
    ]),
  ]);
}
