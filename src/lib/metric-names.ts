/**
 * The metrics a person can follow (`/sales follow <metric> …`) and the words people type for them.
 * Kept apart from the parsers so the command, the services and the digest agree on one list.
 */
export const METRICS = ['revenue', 'orders', 'active-customers', 'avg-basket'] as const;
export type MetricName = (typeof METRICS)[number];

/** How a metric is named in messages. */
export const METRIC_LABEL: Record<MetricName, string> = {
  revenue: 'Revenue',
  orders: 'Orders',
  'active-customers': 'Active customers',
  'avg-basket': 'Average basket',
};

// A Map, not an object literal: a typed word such as "constructor" must not find Object.prototype.
// Phrases are lower case with single spaces; the longest phrase that starts the text wins.
const PHRASES = new Map<string, MetricName>([
  ['revenue', 'revenue'],
  ['revenues', 'revenue'],
  ['sales', 'revenue'],
  ['turnover', 'revenue'],
  ['orders', 'orders'],
  ['order count', 'orders'],
  ['number of orders', 'orders'],
  ['order', 'orders'],
  ['active customers', 'active-customers'],
  ['active-customers', 'active-customers'],
  ['active customer', 'active-customers'],
  ['customers', 'active-customers'],
  ['buyers', 'active-customers'],
  ['active', 'active-customers'],
  ['average basket', 'avg-basket'],
  ['avg basket', 'avg-basket'],
  ['avg-basket', 'avg-basket'],
  ['basket', 'avg-basket'],
  ['basket size', 'avg-basket'],
  ['average order value', 'avg-basket'],
  ['average order', 'avg-basket'],
  ['aov', 'avg-basket'],
]);

/** Every phrase, for "did you mean" suggestions. */
export const METRIC_PHRASES: readonly string[] = [...PHRASES.keys()];

/**
 * The metric named by the first words of `words` (case-insensitive, up to four words: "average order
 * value"), with how many words it took; undefined when no phrase starts the list.
 */
export function readMetric(words: readonly string[]): { metric: MetricName; taken: number } | undefined {
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    const phrase = words.slice(0, n).join(' ').toLowerCase().replace(/\s+/g, ' ');
    const metric = PHRASES.get(phrase);
    if (metric) return { metric, taken: n };
  }
  return undefined;
}

export function isMetricName(name: string): name is MetricName {
  return (METRICS as readonly string[]).includes(name);
}

/** Follow digests: daily (yesterday vs the day before) or weekly (the last 7 days vs the 7 before). */
export const FOLLOW_CADENCES = ['daily', 'weekly'] as const;
export type FollowCadence = (typeof FOLLOW_CADENCES)[number];

/** Days in one period of a cadence. */
export const CADENCE_DAYS: Record<FollowCadence, number> = { daily: 1, weekly: 7 };
