import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * True when the request carries `Authorization: Bearer <expected>`. Both sides are hashed first so the
 * comparison takes the same time whatever the length or content of the guess.
 */
export function hasBearerToken(req: IncomingMessage, expected: string | undefined): boolean {
  if (!expected) return false;
  const token = bearerOf(req);
  if (token === undefined) return false;
  return timingSafeEqual(digest(token), digest(expected));
}

/** The token of `Authorization: Bearer <token>`, or undefined when the header is absent or malformed. */
export function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? '';
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}
