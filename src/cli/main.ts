import { Command, CommanderError } from 'commander';
import { env } from '../config/env.js';
import { isAppError, userMessage } from '../lib/errors.js';
import { flushLogger, logger } from '../lib/logger.js';
import { registerCommands } from './commands/index.js';

export async function buildProgram(argv: readonly string[]): Promise<Command> {
  const program = new Command('sales-bot')
    .description('Sales analytics for Slack: import your sales data, run reports, serve the /sales command.')
    .showHelpAfterError('(run with --help for usage)')
    // Options belong to the command they follow: `report kpi --json` is kpi's --json, not the catch-all
    // `report <words…>`'s (commander needs this on every level above such a command).
    .enablePositionalOptions()
    .exitOverride();
  await registerCommands(program, argv);
  return program;
}

/** CLI entry: every failure ends as one readable line (plus row errors for imports), never a stack. */
export async function main(argv: readonly string[]): Promise<void> {
  try {
    env(); // a malformed variable stops every command before it starts, with one line
    const program = await buildProgram(argv);
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (isAppError(e)) {
      process.stderr.write(`error: ${userMessage(e)}\n`);
      for (const d of e.details) process.stderr.write(`  ${d}\n`);
      process.exitCode = e.code === 'USAGE' ? 2 : 1;
    } else {
      // Details (query text, stack) belong in the log; the person gets one line.
      logger().error({ err: e }, 'command failed');
      const first = String((e as Error).message ?? e).split('\n')[0]!.slice(0, 200);
      process.stderr.write(`error: ${first} (details in the log above)\n`);
      process.exitCode = 1;
    }
  } finally {
    flushLogger();
  }
}
