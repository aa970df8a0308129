import { suggest } from '../../requests/typo-suggest.js';
import { clip } from '../../requests/usage-error.js';
import { BOT_ROLES, type BotRole, type ParseResult } from './command-types.js';
import { readUser } from './user-mention.js';
import { ADMIN_LINK_USAGE, ADMIN_ROLE_USAGE, ADMIN_USAGE } from './usage-texts.js';

const PICK_USER = 'Type @ and pick the person from the list Slack shows, so the command carries their user id.';

/** `admin role @user <role>` and `admin link @user <salesman id>`; the user and the value may come in either order. */
export function parseAdmin(words: readonly string[]): ParseResult {
  const usage = (message: string, text: string, suggestion?: string): ParseResult => ({
    ok: false,
    usage: { message, usage: text, command: 'admin', ...(suggestion ? { suggestion } : {}) },
  });
  const sub = words[1]?.toLowerCase();
  if (sub !== 'role' && sub !== 'link') {
    const guess = sub ? suggest(sub, ['role', 'link']) : undefined;
    return usage(sub ? `"${clip(words[1]!)}" is not an admin command; use role or link.` : 'Say what to change: role or link.', ADMIN_USAGE, guess && `admin ${guess}`);
  }
  const text = sub === 'role' ? ADMIN_ROLE_USAGE : ADMIN_LINK_USAGE;
  const args = words.slice(2);
  if (args.length !== 2) return usage(sub === 'role' ? 'Give a person and a role.' : 'Give a person and a salesman id.', text);
  let userId: string | undefined;
  let other: string | undefined;
  for (const arg of args) {
    const user = readUser(arg);
    if (user.kind === 'bare') return usage(`Slack sent "${clip(user.text)}" as plain text. ${PICK_USER}`, text);
    if (user.kind === 'user' && userId !== undefined) return usage('Name one person only.', text);
    if (user.kind === 'user') userId = user.userId;
    else other = arg;
  }
  if (userId === undefined || other === undefined) return usage(`Name the person with @. ${PICK_USER}`, text);
  if (sub === 'role') {
    const role = other.toLowerCase();
    if (!(BOT_ROLES as readonly string[]).includes(role)) {
      return usage(`"${clip(other)}" is not a role; use ${BOT_ROLES.join(', ')}.`, text, suggest(role, BOT_ROLES));
    }
    return { ok: true, command: { kind: 'admin-role', userId, role: role as BotRole } };
  }
  const salesmanId = other.replace(/^salesman:/i, '').trim();
  if (salesmanId === '') return usage('Give the salesman id, e.g. S001.', text);
  return { ok: true, command: { kind: 'admin-link', userId, salesmanId } };
}
