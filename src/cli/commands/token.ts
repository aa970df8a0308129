import type { Command } from 'commander';
import type { Database } from '../../db/client.js';

/** Opens the primary database, runs `work` and closes it. */
async function withDatabase<T>(work: (database: Database, adminIds: readonly string[]) => Promise<T>): Promise<T> {
  const { env } = await import('../../config/env.js');
  const { openDatabase } = await import('../../db/open.js');
  const database = await openDatabase();
  try {
    return await work(database, env().SLACK_ADMIN_USER_IDS);
  } finally {
    await database.close();
  }
}

/**
 * `sales-bot token create|list|revoke`: per-user tokens for the JSON API. A token sees what its owner
 * sees in Slack (a salesman his own book); API_TOKEN stays the admin token for automation.
 */
export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('Manage per-user tokens for the JSON API (/api/analytics/<report>): each sees only what its owner sees in Slack.');

  token
    .command('create')
    .description('Make a token for a Slack user or a salesman and print it once (only its hash is stored).')
    .requiredOption('--user <id>', 'Slack user id (U…) or salesman id; the token sees what this person sees')
    .option('--expires <duration>', 'lifetime: 12h, 90d, 4w, or never', '90d')
    .option('--name <label>', 'a label to recognise it by in `token list`')
    .action(async (opts: { user: string; expires: string; name?: string }) => {
      const { createApiToken } = await import('../../services/api-tokens.js');
      const made = await withDatabase((database, adminIds) => createApiToken(database, { user: opts.user, expires: opts.expires, name: opts.name, adminIds }));
      // The token alone on stdout, so `TOKEN=$(sales-bot token create …)` works; the rest is for the person.
      process.stdout.write(`${made.token}\n`);
      process.stderr.write(
        `Token ${made.id} for ${made.owner}, sees ${made.scope}, expires ${made.expiresAt ?? 'never'}.\n` +
          'Copy it now: it is not stored and cannot be shown again. Send it as Authorization: Bearer <token>.\n',
      );
    });

  token
    .command('list')
    .description('List the tokens: id, name, owner, scope, created, expires, last used, revoked (never the token itself).')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { json?: boolean }) => {
      const { listTokens } = await import('../../services/api-tokens.js');
      const { renderTokenList } = await import('../render/token-list.js');
      const tokens = await withDatabase((database, adminIds) => listTokens(database, adminIds));
      process.stdout.write(opts.json ? JSON.stringify(tokens, null, 2) + '\n' : renderTokenList(tokens));
    });

  token
    .command('revoke')
    .description('Revoke a token by its id (from `token list`); requests with it get 401 from then on.')
    .argument('<id>', 'the token id')
    .action(async (id: string) => {
      const { revokeToken } = await import('../../services/api-tokens.js');
      const r = await withDatabase((database) => revokeToken(database, id));
      process.stdout.write(r.already ? `Token ${r.id} (${r.owner}) was already revoked.\n` : `Revoked token ${r.id} (${r.owner}).\n`);
    });
}
