import { goalPeriod, parseGoalPeriod, type GoalPeriodSpec } from '../../analytics/goal-period.js';
import { TARGET_METRICS, type TargetMetric } from '../../db/schema/targets.js';
import { suggest } from '../../requests/typo-suggest.js';
import { clip } from '../../requests/usage-error.js';
import type { GoalScopeSpec, ParseResult } from './command-types.js';
import { GOAL_USAGE } from './usage-texts.js';
import { readUser } from './user-mention.js';

const MONTHS = 'january february march april may june july august september october november december'.split(' ');
const METRIC_WORDS: Record<string, TargetMetric> = {
  revenue: 'revenue',
  sales: 'revenue',
  orders: 'orders',
  new_customers: 'new_customers',
  'new-customers': 'new_customers',
  newcustomers: 'new_customers',
  customers: 'new_customers',
};

/** Largest amount the targets table holds (numeric(18,4)), with room to spare. */
const MAX_AMOUNT = 1e13;

/**
 * "120k", "1.2m", "120,000", "$5,000.50" → a plain decimal text ("120000"), or null. The suffix is
 * applied to the digits as text, so 1.2m is exactly 1200000 (no float rounding reaches the database).
 */
export function readAmount(word: string): string | null {
  const m = /^[$€£]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([kKmM])?$/.exec(word.trim());
  if (!m) return null;
  const whole = m[1]!.replace(/,/g, '');
  let fraction = m[2] ?? '';
  const shift = m[3] === undefined ? 0 : /k/i.test(m[3]) ? 3 : 6;
  fraction = fraction.padEnd(shift, '0');
  const digits = (whole + fraction.slice(0, shift)).replace(/^0+(?=\d)/, '');
  const rest = fraction.slice(shift).replace(/0+$/, '');
  if (Number(digits) > MAX_AMOUNT) return null;
  return rest ? `${digits}.${rest.slice(0, 4)}` : digits;
}

/** One period from its words ("2026-03", "2026-Q1", "Q1 2026", "this month", "next quarter", "march", "march 2026"). */
export function readPeriod(words: readonly string[]): GoalPeriodSpec | null {
  const w = words.map((x) => x.toLowerCase());
  const text = w.join(' ');
  if (w.length === 1) {
    const exact = parseGoalPeriod(w[0]!);
    if (exact) return { kind: 'exact', period: exact };
  }
  const relative = /^(this|next|last|previous) (month|quarter)$/.exec(text);
  if (relative) {
    const offset = relative[1] === 'this' ? 0 : relative[1] === 'next' ? 1 : -1;
    return { kind: 'relative', unit: relative[2] as 'month' | 'quarter', offset };
  }
  const quarter = /^q([1-4])(?: (\d{4}))?$/.exec(text);
  if (quarter) {
    const q = Number(quarter[1]);
    return quarter[2] ? { kind: 'exact', period: goalPeriod('quarter', Number(quarter[2]), q) } : { kind: 'unyeared', unit: 'quarter', index: q };
  }
  const month = /^([a-z]+)(?: (\d{4}))?$/.exec(text);
  if (month && month[1]!.length >= 3) {
    // "mar", "march" (and "sept"): a month's name or a start of it of at least three letters.
    const index = MONTHS.findIndex((m) => m.startsWith(month[1]!));
    if (index >= 0) {
      return month[2] ? { kind: 'exact', period: goalPeriod('month', Number(month[2]), index + 1) } : { kind: 'unyeared', unit: 'month', index: index + 1 };
    }
  }
  return null;
}

/** A scope word: `region:X`, `category:Y`, `salesman:S1`, an @mention, or null when it is none of these. */
function readScope(word: string): GoalScopeSpec | { kind: 'bare-mention'; text: string } | null {
  const kv = /^(region|category|salesman):(.+)$/i.exec(word);
  if (kv) {
    const key = kv[1]!.toLowerCase() as 'region' | 'category' | 'salesman';
    return key === 'salesman' ? { kind: 'salesman', id: kv[2]!.trim() } : { kind: key, value: kv[2]!.trim() };
  }
  const user = readUser(word);
  if (user.kind === 'user') return { kind: 'user', userId: user.userId };
  if (user.kind === 'bare') return { kind: 'bare-mention', text: user.text };
  return null;
}

/**
 * `goal set <metric> <amount> <period> [scope]`: metric revenue|orders|new_customers, amount like
 * 120k / 1.2m / 120,000, period a month or quarter (exact or "this month", "next quarter", "march"),
 * scope `region:X`, `category:Y`, `salesman:S1`, a bare salesman id, or an @mention (none = company).
 * A bare last word that is no period is taken as a salesman id; the handler checks it exists.
 */
export function parseGoal(words: readonly string[]): ParseResult {
  const usage = (message: string, suggestion?: string): ParseResult => ({
    ok: false,
    usage: { message, usage: GOAL_USAGE, command: 'goal', ...(suggestion ? { suggestion } : {}) },
  });
  const sub = words[1]?.toLowerCase();
  if (sub !== 'set') {
    return usage(
      sub ? `"${clip(words[1]!)}" is not a goal command; use goal set (and /sales goals to see them).` : 'Say what to do: goal set <metric> <amount> <period>.',
      sub ? (suggest(sub, ['set']) ? 'goal set' : undefined) : undefined,
    );
  }
  const metricWord = words[2]?.toLowerCase();
  if (!metricWord) return usage(`Name the metric: ${TARGET_METRICS.join(', ')}.`);
  const metric = METRIC_WORDS[metricWord];
  if (!metric) return usage(`"${clip(words[2]!)}" is not a metric; use ${TARGET_METRICS.join(', ')}.`, suggest(metricWord, TARGET_METRICS));
  const amountWord = words[3];
  if (!amountWord) return usage('Give the amount, e.g. 120k, 1.2m or 300.');
  const amount = readAmount(amountWord);
  if (amount === null) return usage(`"${clip(amountWord)}" is not an amount; write it like 120000, 120k or 1.2m.`);
  const rest = words.slice(4);
  let scope: GoalScopeSpec = { kind: 'company' };
  const periodWords: string[] = [];
  let scopes = 0;
  for (const word of rest) {
    const s = readScope(word);
    if (s === null) {
      periodWords.push(word);
      continue;
    }
    if (s.kind === 'bare-mention') return usage(`Slack sent "${clip(s.text)}" as plain text. Type @ and pick the salesman from the list Slack shows.`);
    scope = s;
    scopes++;
  }
  if (scopes > 1) return usage('A goal has one scope: one region, one category or one salesman (or none for the company).');
  if (periodWords.length === 0) return usage('Say which month or quarter, e.g. 2026-03, 2026-Q1, this month or next quarter.');
  let period = readPeriod(periodWords);
  // "… next month S001": a last bare word that is no part of the period names the salesman.
  if (period === null && periodWords.length > 1) {
    const shorter = readPeriod(periodWords.slice(0, -1));
    if (shorter && scopes > 0) return usage(`A goal has one scope: one region, one category or one salesman (or none for the company); "${clip(periodWords.at(-1)!)}" is a second.`);
    if (shorter) {
      period = shorter;
      scope = { kind: 'salesman', id: periodWords.at(-1)! };
    }
  }
  if (period === null) return usage(`"${clip(periodWords.join(' '))}" is not a month or quarter; write 2026-03, 2026-Q1, this month or next quarter.`);
  return { ok: true, command: { kind: 'goal-set', metric, amount, period, scope } };
}
