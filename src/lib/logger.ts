import { pino, type Logger } from 'pino';
import { env } from '../config/env.js';

let root: Logger | undefined;

/**
 * Logs go to stderr so `--json` output on stdout stays machine-readable.
 * Stack traces belong here, never in a Slack message.
 */
export function logger(): Logger {
  root ??= pino({ level: env().LOG_LEVEL, base: undefined }, pino.destination({ fd: 2, sync: false }));
  return root;
}

export function childLogger(component: string): Logger {
  return logger().child({ component });
}

/** Flushes buffered log lines before exit; a no-op when nothing was logged. */
export function flushLogger(): void {
  root?.flush();
}
