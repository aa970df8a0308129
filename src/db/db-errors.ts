import { AppError } from '../lib/errors.js';

/**
 * Turns a database driver's failure to reach or use the server into one sentence a person can act on.
 * Recognised by shape (postgres.js and Node socket errors carry `code`; server errors a SQLSTATE), so
 * a query error in a listener, the API or the CLI reads "the database is unreachable" rather than
 * "Something went wrong" while PostgreSQL is down.
 */

/** Where a connection was going: from the URL when known, else from the socket error. */
export interface DbTarget {
  host?: string | undefined;
  port?: string | undefined;
  database?: string | undefined;
  user?: string | undefined;
}

interface DriverError {
  code?: unknown;
  address?: unknown;
  port?: unknown;
  message?: unknown;
}

/** Socket and postgres.js client codes that mean "no usable connection". */
const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EPIPE: 'connection broken',
  CONNECT_TIMEOUT: 'connection timed out',
  CONNECTION_CLOSED: 'connection closed',
  CONNECTION_ENDED: 'connection ended',
  CONNECTION_DESTROYED: 'connection destroyed',
  // SQLSTATE 57P01–57P03: the server is shutting down, crashed or still starting.
  '57P01': 'the server is shutting down',
  '57P02': 'the server crashed',
  '57P03': 'the server is starting up',
};

function where(t: DbTarget): string {
  return `${t.host ?? 'localhost'}:${t.port || '5432'}`;
}

/** The target a `postgres://` URL names (no password: it is never shown). */
export function targetOf(url: string): DbTarget {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port || '5432',
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres',
    user: decodeURIComponent(u.username) || undefined,
  };
}

/** A double-quoted identifier, as psql takes it. */
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * The AppError for a connection-level failure, or undefined when `e` is something else (a bad query, a
 * constraint): those stay bugs or usage errors for their callers to report.
 */
export function databaseFault(e: unknown, target: DbTarget = {}, opts: { connecting?: boolean } = {}): AppError | undefined {
  // Drizzle wraps the driver's error ("Failed query: …") with the original as its cause.
  for (let cur = e, depth = 0; typeof cur === 'object' && cur !== null && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const found = faultOf(cur as DriverError, e, target, opts);
    if (found) return found;
  }
  return undefined;
}

function faultOf(err: DriverError, e: unknown, target: DbTarget, opts: { connecting?: boolean }): AppError | undefined {
  const code = typeof err.code === 'string' ? err.code : undefined;
  if (!code) return undefined;
  const t: DbTarget = {
    ...target,
    host: target.host ?? (typeof err.address === 'string' ? err.address : undefined),
    port: target.port ?? (typeof err.port === 'number' || typeof err.port === 'string' ? String(err.port) : undefined),
  };
  if (code === '3D000') {
    const name = t.database ?? /database "([^"]*)"/.exec(String(err.message))?.[1] ?? 'named in DATABASE_URL';
    return new AppError('DB_MISSING', `Database "${name}" does not exist on PostgreSQL at ${where(t)}.`, {
      hint: `Create it with: createdb -h ${t.host ?? 'localhost'} -p ${t.port || '5432'}${t.user ? ` -U ${t.user}` : ''} ${name}  (or psql -c 'create database ${ident(name)}'), then run sales-bot migrate.`,
      cause: e,
    });
  }
  if (code === '28P01' || code === '28000') {
    return new AppError('DB_UNREACHABLE', `PostgreSQL at ${where(t)} refused the login${t.user ? ` of user "${t.user}"` : ''} (${code === '28P01' ? 'wrong password' : 'not allowed by pg_hba.conf'}).`, {
      hint: 'Fix the user and password in DATABASE_URL, or allow this host in pg_hba.conf.',
      cause: e,
    });
  }
  const what = CONNECTION_CODES[code] ?? (code.startsWith('08') ? `connection failure ${code}` : undefined);
  if (!what) return undefined;
  // At start-up the reader is the operator, who may not need PostgreSQL at all.
  if (opts.connecting) return cannotReach(t, what, e);
  // postgres.js names the address only for socket errors; an unknown place is left out, not guessed.
  const place = t.host !== undefined || t.port !== undefined ? `PostgreSQL at ${where(t)}: ` : '';
  return new AppError('DB_UNREACHABLE', `The database is unreachable right now (${place}${what}).`, {
    hint: 'Try again in a minute; if it persists, an admin should check that PostgreSQL is running (docker compose up -d postgres) and that DATABASE_URL points to it.',
    cause: e,
  });
}

/**
 * The start-up sentence for a server that cannot be reached: where, why (`what`: a known reason or the
 * driver's own code) and the three ways out.
 */
export function cannotReach(t: DbTarget, what: string, cause: unknown): AppError {
  return new AppError('DB_UNREACHABLE', `Cannot reach PostgreSQL at ${where(t)} (${what}).`, {
    hint: 'Start it (docker compose up -d postgres), fix DATABASE_URL, or unset DATABASE_URL to use the embedded database.',
    cause,
  });
}
