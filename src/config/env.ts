import { z } from 'zod';
import { AppError } from '../lib/errors.js';

/** IANA zone names are checked by Intl itself, so a typo fails at start-up, not at the first report. */
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine((v) => {
      if (v === undefined) return true;
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "mon-fri", "mon,tue,thu" or ISO numbers "1-5" → ISO weekday numbers (Mon = 1 … Sun = 7). */
export function parseWorkdays(text: string): number[] {
  const toNum = (s: string): number => {
    const t = s.trim().toLowerCase();
    const n = /^\d$/.test(t) ? Number(t) : WEEKDAYS.indexOf(t.slice(0, 3) as (typeof WEEKDAYS)[number]) + 1;
    if (!(n >= 1 && n <= 7)) throw new Error(`"${s}" is not a weekday`);
    return n;
  };
  const days = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    if (a === undefined || a.trim() === '') throw new Error('empty weekday list');
    const from = toNum(a);
    const to = b === undefined ? from : toNum(b);
    if (to < from) throw new Error(`"${part}" runs backwards`);
    for (let d = from; d <= to; d++) days.add(d);
  }
  return [...days].sort((x, y) => x - y);
}

export const envSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  ANALYTICS_DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  /** Replica lag (seconds) from which answers read from ANALYTICS_DATABASE_URL say how far behind they are. */
  ANALYTICS_LAG_NOTICE_SECONDS: z.coerce.number().min(0).default(60),
  PGLITE_DIR: z.string().default('./.data/pglite'),
  REDIS_URL: optionalUrl(['redis:', 'rediss:']),
  SLACK_BOT_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xoxb-'), 'must start with xoxb-'),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.refine((v) => v === undefined || v.startsWith('xapp-'), 'must start with xapp-'),
  SLACK_API_URL: optionalUrl(['http:', 'https:']).transform((v) => {
    const base = v ?? 'https://slack.com/api/';
    return base.endsWith('/') ? base : base + '/';
  }),
  SLACK_ADMIN_USER_IDS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .refine((ids) => ids.every((id) => /^[UW][A-Z0-9]+$/.test(id)), 'must be a comma-separated list of Slack user ids like U012ABC'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  SALES_TZ: timeZone.default('UTC'),
  SALES_WORKDAYS: z
    .string()
    .default('mon-fri')
    .transform((v, ctx) => {
      try {
        return parseWorkdays(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `must be weekdays like mon-fri (${(e as Error).message})` });
        return z.NEVER;
      }
    }),
  QUEUE_PREFIX: z
    .string()
    .default('sales-bot')
    .refine((v) => /^[A-Za-z0-9_.-]+$/.test(v), 'must be letters, digits, dots, dashes or underscores'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
  NIGHTLY_REFRESH_CRON: z
    .string()
    .default('0 2 * * *')
    .refine((v) => v.trim().split(/\s+/).length === 5, 'must be a five-field cron pattern such as 0 2 * * *'),
  STALE_DATA_HOURS: z.coerce.number().min(0).default(72),
  API_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

/** Validates a variables map; the first problem becomes one line naming the variable. */
export function parseEnv(vars: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(vars);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  throw new AppError('CONFIG_INVALID', `Configuration error: ${name} ${issue.message}.`, {
    hint: 'Fix it in your environment or .env file (see .env.example).',
  });
}

let cached: Env | undefined;

/** The process's configuration; this module is the only reader of process.env. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests and the CLI's --database option: override variables before first use. */
export function resetEnv(overrides: Record<string, string | undefined> = {}): Env {
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  cached = undefined;
  return env();
}
