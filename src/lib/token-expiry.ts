import { AppError } from './errors.js';

const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;
/** Ten years: a longer life is a typo more often than a wish; `never` says it on purpose. */
const MAX_MS = 3650 * UNIT_MS.d;

export const EXPIRES_USAGE = 'Write --expires as hours, days or weeks (12h, 90d, 4w), or never.';

/**
 * When a token made at `now` expires, from `--expires` (`90d`, `12h`, `4w`, `never`); null = never.
 * Hand-written rather than a duration library: three units and one sentence of usage are all it takes.
 */
export function tokenExpiry(text: string, now: Date): Date | null {
  const t = text.trim().toLowerCase();
  if (t === 'never') return null;
  const m = /^(\d{1,5})\s*([hdw])$/.exec(t);
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
  if (!(ms > 0)) throw new AppError('USAGE', `--expires "${text}" is not a duration.`, { hint: EXPIRES_USAGE });
  if (ms > MAX_MS) throw new AppError('USAGE', `--expires "${text}" is more than ten years.`, { hint: `${EXPIRES_USAGE} For no end, write never.` });
  return new Date(now.getTime() + ms);
}
