import { AppError } from '../../lib/errors.js';
import { decodeAction, type ReportAction } from '../parse/action-value.js';
import { parseCommand, type SlashCommand } from '../parse/command.js';

export type ReportCommand = Extract<SlashCommand, { kind: 'report' }>;

const STALE = new AppError('USAGE', 'That button no longer matches a request I understand.', {
  hint: 'Run the command again, e.g. /sales rfm.',
});

/**
 * A button's value, decoded and re-parsed with the same parser as typed commands. Nothing in it is
 * trusted: the request is rebuilt from text and the clicking person's own scope is applied later.
 */
export function verifiedRequest(value: string | undefined): { action: ReportAction; command: ReportCommand } {
  const action = value === undefined ? null : decodeAction(value);
  if (!action) throw STALE;
  const parsed = parseCommand(action.q);
  if (!parsed.ok || parsed.command.kind !== 'report' || parsed.command.report !== action.report) throw STALE;
  return { action, command: parsed.command };
}
