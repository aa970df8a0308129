import { requestFromSlackWords } from '../../requests/from-slack-text.js';
import type { ReportSpec } from '../../requests/report-spec.js';
import { SLASH } from '../../requests/report-usage.js';
import { tokenizeSpans } from '../../requests/tokens.js';
import { clip } from '../../requests/usage-error.js';
import { controlCharIn, controlCharSentence } from '../../lib/control-chars.js';
import { REPORTS } from '../../reports/registry.js';
import { parseAdmin } from './admin-command.js';
import type { ParseResult } from './command-types.js';
import { parseFollow, parseFollowing, parseUnfollow } from './follow-command.js';
import { parseGoal } from './goal-command.js';
import { parseLog } from './log-command.js';
import { parseSubscribe, parseSubscriptionId } from './subscription-command.js';
import { COMMAND_WORDS, FOLLOW_USAGE, SUBSCRIBE_USAGE, generalUsage } from './usage-texts.js';

export type { ParseResult, SlashCommand, ReportCommand } from './command-types.js';

/** Slack caps command text far below this; longer input is refused before any work. */
export const MAX_COMMAND_TEXT = 8000;

/**
 * Reads the text after `/sales` into a typed command, or a usage error saying what is wrong and how to
 * write it. Never throws, whatever the input. Slack's own commands (help, log, admin, subscriptions,
 * calls) are read here; anything else is a report request, read by src/requests.
 *
 * `reports` defaults to the registry; tests may pass their own.
 */
export function parseCommand(text: string, reports: readonly ReportSpec[] = REPORTS): ParseResult {
  try {
    return dispatch(typeof text === 'string' ? text : '', reports);
  } catch {
    // A parser bug must not become an unanswered command; the usage still helps the person.
    return { ok: false, usage: { message: 'That command could not be read.', usage: generalUsage(reports) } };
  }
}

function dispatch(text: string, reports: readonly ReportSpec[]): ParseResult {
  if (text.length > MAX_COMMAND_TEXT) {
    return { ok: false, usage: { message: `That command is too long (over ${MAX_COMMAND_TEXT} characters).`, usage: generalUsage(reports) } };
  }
  const control = controlCharIn(text);
  if (control) return { ok: false, usage: { message: controlCharSentence('That command', control), usage: generalUsage(reports) } };
  const tokens = tokenizeSpans(text);
  const words = tokens.map((t) => t.value);
  const first = words[0]?.toLowerCase();
  if (first === undefined) return { ok: true, command: { kind: 'help' } };
  const extra = (word: string): ParseResult => ({
    ok: false,
    usage: { message: `${word} takes nothing after it; "${clip(words.slice(1).join(' '))}" is extra.`, usage: `\`${SLASH} ${word}\``, command: word },
  });
  switch (first) {
    case 'help':
    case '?': {
      const topic = words[1]?.toLowerCase();
      return { ok: true, command: topic ? { kind: 'help', topic: clip(topic, 40) } : { kind: 'help' } };
    }
    case 'log':
      return parseLog(text, tokens);
    case 'admin':
      return parseAdmin(words);
    case 'subscribe':
      return parseSubscribe(words, reports);
    case 'subscriptions':
    case 'status':
      return words.length > 1 ? extra(first) : { ok: true, command: { kind: first } };
    case 'unsubscribe':
    case 'pause':
    case 'resume':
      return parseSubscriptionId(words);
    case 'calls':
      return words.length > 1 ? extra(first) : { ok: true, command: { kind: 'calls' } };
    case 'goal':
      return parseGoal(words);
    case 'follow':
      return parseFollow(words);
    case 'following':
      return parseFollowing(words);
    case 'unfollow':
      return parseUnfollow(words);
  }
  const read = requestFromSlackWords(words, {
    reports,
    commandWords: COMMAND_WORDS,
    unknownUsage: (guess) => (guess === 'subscribe' ? SUBSCRIBE_USAGE : guess === 'follow' || guess === 'unfollow' ? FOLLOW_USAGE : generalUsage(reports)),
  });
  return read.ok ? { ok: true, command: { kind: 'report', ...read.request } } : read;
}
