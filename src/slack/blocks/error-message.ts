import { context, message, section, type Message } from './builders.js';
import { LIMITS } from './limits.js';
import { escapeFit, fit } from './text.js';

/**
 * Something went wrong: one plain sentence (escaped here, so it may quote what the person typed) and
 * an optional hint saying what to do instead.
 */
export function errorMessage(sentence: string, hint?: string): Message {
  return message(escapeFit(sentence, 1000, 'Something went wrong.'), [
    section(`:warning: ${escapeFit(sentence, 2000, 'Something went wrong.')}`),
    hint?.trim() ? context([escapeFit(hint, 2000)]) : undefined,
  ]);
}

/**
 * A short note such as "Crunching rfm…". `text` is mrkdwn written by the caller, so it may carry
 * mentions (`<@U123>`); the caller escapes any user text inside it.
 */
export function notice(text: string): Message {
  return message(fit(text, 1000, 'OK'), [section(fit(text, LIMITS.sectionText))]);
}
