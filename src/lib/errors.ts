/**
 * Every error a user can cause carries a stable code and one readable sentence.
 * `hint` says what to type or do instead; Slack and the CLI show message + hint, never a stack.
 */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'DB_UNREACHABLE'
  | 'DB_MISSING'
  | 'IMPORT_INVALID'
  | 'IMPORT_FILE'
  | 'USAGE'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNMAPPED_USER'
  /** Redis (the job scheduler) does not answer; the person should try again later. */
  | 'SCHEDULER_UNREACHABLE'
  | 'INTERNAL';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, opts: { hint?: string; details?: readonly string[]; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details ?? [];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** One line for a person: the message, then the hint if any. Unknown errors never leak internals. */
export function userMessage(e: unknown): string {
  if (isAppError(e)) return e.hint ? `${e.message} ${e.hint}` : e.message;
  return 'Something went wrong on our side; the details are in the log.';
}
