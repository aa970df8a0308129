import type { Logger } from 'pino';
import { databaseFault } from '../../db/db-errors.js';
import { isAppError } from '../../lib/errors.js';
import { errorMessage } from '../blocks/error-message.js';

/**
 * The message a person sees when something fails: our own errors say what went wrong and what to type;
 * a lost database connection says so; anything else is logged with its stack and shown as one neutral
 * sentence.
 */
export function errorReply(e: unknown, log: Logger, what: string): ReturnType<typeof errorMessage> {
  if (isAppError(e)) {
    if (e.code === 'INTERNAL') log.error({ err: e }, `${what} failed`);
    return errorMessage(e.message, e.hint);
  }
  const fault = databaseFault(e);
  if (fault) {
    // An outage is not a bug: one warning line (the cause, no stack) and the cause for the person.
    log.warn({ code: fault.code, reason: fault.message }, `${what} failed: database unavailable`);
    return errorMessage(fault.message, fault.hint);
  }
  log.error({ err: e }, `${what} failed`);
  return errorMessage('Something went wrong on our side while answering that.', 'Try again in a minute; if it keeps failing, an admin can find the details in the log.');
}
