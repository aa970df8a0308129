import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/client.js';
import { isAppError, userMessage } from '../../src/lib/errors.js';
import { TEST_PG_URL } from '../helpers/services.js';

function urlFor(name: string): string {
  const u = new URL(TEST_PG_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('connecting: each failure says what it is', () => {
  it('a missing database is named, with the command that creates it', async () => {
    const name = `hb_guard_missing_${randomBytes(4).toString('hex')}`;
    const e = await failure(connect({ url: urlFor(name) }));
    expect(isAppError(e) && e.code).toBe('DB_MISSING');
    const text = userMessage(e);
    expect(text).toContain(`Database "${name}" does not exist`);
    expect(text).toMatch(new RegExp(`createdb .*${name}`));
    expect(text).not.toMatch(/Cannot reach|3D000/);
  });

  it('a port nobody listens on is "cannot reach", with the reason in words', async () => {
    const e = await failure(connect({ url: 'postgres://postgres@127.0.0.1:1/postgres' }));
    expect(isAppError(e) && e.code).toBe('DB_UNREACHABLE');
    expect(userMessage(e)).toMatch(/Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)/);
  });
});
