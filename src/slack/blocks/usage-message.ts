import { SLASH } from '../../requests/report-usage.js';
import type { UsageError } from '../../requests/usage-error.js';
import { withExamples, type ExampleValues } from '../parse/usage-texts.js';
import { context, message, section, type Message } from './builders.js';
import { escapeFit } from './text.js';

/**
 * A command that could not be read: what went wrong, "Did you mean …?", and how to write it. The
 * usage text is written with backticks as markup; its `<placeholders>` are escaped here. `examples`
 * (values from the asker's data) replace the generic example values.
 */
export function usageMessage(u: UsageError, examples?: ExampleValues): Message {
  const guess = u.suggestion ? ` Did you mean \`${escapeFit(u.suggestion.replace(/`/g, 'ˋ'), 200)}\`?` : '';
  const what = `:thinking_face: ${escapeFit(u.message, 2000)}${guess}`;
  const more = u.command ? `\`${SLASH} help ${escapeFit(u.command.replace(/`/g, 'ˋ'), 100)}\` explains it in full.` : `\`${SLASH} help\` lists every command.`;
  return message(escapeFit(`${u.message}${u.suggestion ? ` Did you mean ${u.suggestion}?` : ''}`, 1000), [
    section(what),
    u.usage.trim() ? section(escapeFit(withExamples(u.usage, examples), 2900)) : undefined,
    context([more]),
  ]);
}
