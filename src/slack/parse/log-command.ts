import type { Token } from '../../requests/tokens.js';
import { suggest } from '../../requests/typo-suggest.js';
import { clip } from '../../requests/usage-error.js';
import { ACTIVITY_TYPES, type ActivityType, type ParseResult } from './command-types.js';
import { LOG_USAGE } from './usage-texts.js';

/** Longest note kept; Slack's own command text stays far below it. */
export const MAX_NOTES = 3000;

/**
 * `log <type> <customer> [notes]`: the customer is one token (quote a name with spaces), the notes are
 * the rest of the text verbatim (quotes and line breaks kept).
 */
export function parseLog(text: string, tokens: readonly Token[]): ParseResult {
  const usage = (message: string, suggestion?: string): ParseResult => ({
    ok: false,
    usage: { message, usage: LOG_USAGE, command: 'log', ...(suggestion ? { suggestion } : {}) },
  });
  const typeToken = tokens[1];
  if (!typeToken) return usage(`Say what you did: ${ACTIVITY_TYPES.join(', ')}.`);
  const type = typeToken.value.toLowerCase();
  if (!(ACTIVITY_TYPES as readonly string[]).includes(type)) {
    return usage(`"${clip(typeToken.value)}" is not an activity type; use ${ACTIVITY_TYPES.join(', ')}.`, suggest(type, ACTIVITY_TYPES));
  }
  const customerToken = tokens[2];
  const customer = customerToken?.value.replace(/^customer:/i, '').trim() ?? '';
  if (!customerToken || customer === '') return usage(`Name the customer of this ${type} (quote a name with spaces).`);
  const notes = text.slice(customerToken.end).trim().slice(0, MAX_NOTES);
  return {
    ok: true,
    command: { kind: 'log', activityType: type as ActivityType, customer, ...(notes ? { notes } : {}) },
  };
}
