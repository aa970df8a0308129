import type { Database } from '../db/client.js';
import { addFollow, followsOf, removeFollows, type FollowChange, type FollowRow } from '../db/queries/follows.js';
import { AppError } from '../lib/errors.js';
import { isTimeZone } from '../lib/local-time.js';
import { METRIC_LABEL, type FollowCadence, type MetricName } from '../lib/metric-names.js';
import type { ReportFilters } from '../lib/report-filters.js';
import { resolveFilters } from '../reports/resolve-filters.js';
import { assertScopeAllows } from '../reports/user-scope-check.js';
import type { Actor } from './slack-identity.js';

export type { FollowChange, FollowRow };

/**
 * When follow digests go out, on the follower's own clock: the daily one every morning at 08:00 (about
 * yesterday), the weekly one on Monday at 08:00 (about the last 7 days, Monday to Sunday).
 */
export const FOLLOW_DIGEST_CRON: Record<FollowCadence, string> = { daily: '0 8 * * *', weekly: '0 8 * * 1' };

/** The member filters a follow keeps, in a fixed order. */
const MEMBER_KEYS = ['region', 'category', 'salesman', 'customer'] as const;

const PERIOD_NOTE = 'A follow has no period of its own: daily compares yesterday with the day before, weekly the last 7 days with the 7 before.';

/** Resolved member filters as stored `key → value` text (values sorted, so the same follow reads the same). */
function memberMap(filters: ReportFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of MEMBER_KEYS) {
    const v = filters[k];
    if (v?.length) out[k] = [...new Set(v)].sort().join(',');
  }
  return out;
}

/** The filters of a follow as the person typed them, resolved against the data and their scope. */
async function resolvedMap(database: Database, actor: Actor, filters: ReportFilters): Promise<Record<string, string>> {
  if (filters.from || filters.to || filters.last || filters.when) throw new AppError('USAGE', `A followed metric takes no dates. ${PERIOD_NOTE}`);
  const resolved = await resolveFilters(database, filters, { scope: actor.scope, me: actor.salesman?.externalId ?? null, role: actor.role });
  await assertScopeAllows(database, actor.scope, resolved);
  return memberMap(resolved);
}

export interface FollowRequest {
  metric: MetricName;
  filters: ReportFilters;
  cadence: FollowCadence;
  /** The follower's IANA zone (Slack's users.info), where the digest's 08:00 is read; else `fallbackTimeZone`. */
  timeZone: string | undefined;
  fallbackTimeZone: string;
}

/**
 * Follows a metric for the actor (anyone may follow; what they see is cut to their scope at every
 * digest). Filters are resolved now (names to ids, `me` to the person's salesman id) so the digest reads
 * exactly what was confirmed; dates are refused (the cadence sets the periods).
 */
export async function followMetric(database: Database, actor: Actor, req: FollowRequest): Promise<FollowChange> {
  const filters = await resolvedMap(database, actor, req.filters);
  return addFollow(database, {
    ownerSlackUserId: actor.slackUserId,
    metric: req.metric,
    filters,
    cadence: req.cadence,
    digest: { cron: FOLLOW_DIGEST_CRON[req.cadence], timeZone: isTimeZone(req.timeZone) ? req.timeZone : req.fallbackTimeZone },
  });
}

/** What a person follows, oldest first. */
export function followsOfActor(database: Database, actor: Actor): Promise<FollowRow[]> {
  return followsOf(database, actor.slackUserId);
}

/** Which follows to stop: by id (`unfollow 3`) or by metric and filters (`unfollow revenue region:Iberia`). */
export type UnfollowRequest = { kind: 'ids'; ids: number[] } | { kind: 'metric'; metric: MetricName; filters: ReportFilters };

const SEE_YOURS = 'See what you follow, with ids, with `/sales following`.';

/**
 * Stops following: the named ids (each must be the actor's own), or the one follow of that metric with
 * exactly those filters. Returns what was removed and the follow digests left empty (deleted; their
 * schedulers must go).
 */
export async function unfollow(database: Database, actor: Actor, req: UnfollowRequest): Promise<{ removed: FollowRow[]; emptiedDigestIds: number[] }> {
  const mine = await followsOf(database, actor.slackUserId);
  let ids: number[];
  if (req.kind === 'ids') {
    const missing = req.ids.filter((id) => !mine.some((f) => f.id === id));
    if (missing.length > 0) throw new AppError('NOT_FOUND', `You follow nothing with the id ${missing.join(', ')}.`, { hint: SEE_YOURS });
    ids = req.ids;
  } else {
    const filters = await resolvedMap(database, actor, req.filters);
    const key = JSON.stringify(filters);
    const same = mine.filter((f) => f.metric === req.metric && JSON.stringify(memberMap(filtersOf(f))) === key);
    if (same.length === 0) {
      const ofMetric = mine.filter((f) => f.metric === req.metric);
      throw new AppError('NOT_FOUND', `You do not follow ${METRIC_LABEL[req.metric].toLowerCase()}${describeFollowFilters(filters)}.`, {
        hint: ofMetric.length > 0 ? `You follow it as ${ofMetric.map((f) => `#${f.id}${describeFollowFilters(f.filters)}`).join(', ')}; unfollow by id, e.g. \`/sales unfollow ${ofMetric[0]!.id}\`.` : SEE_YOURS,
      });
    }
    ids = same.map((f) => f.id);
  }
  return removeFollows(database, actor.slackUserId, ids);
}

function filtersOf(f: FollowRow): ReportFilters {
  const out: ReportFilters = {};
  for (const k of MEMBER_KEYS) if (f.filters[k]) out[k] = f.filters[k]!.split(',');
  return out;
}

/** " (region Iberia, category Paper)" for stored follow filters; "" when there are none. */
export function describeFollowFilters(filters: Record<string, string>): string {
  const parts = MEMBER_KEYS.filter((k) => filters[k]).map((k) => `${k} ${filters[k]}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** "Revenue (region Iberia) · weekly" */
export function describeFollow(f: Pick<FollowRow, 'metric' | 'filters' | 'cadence'>): string {
  return `${METRIC_LABEL[f.metric]}${describeFollowFilters(f.filters)} · ${f.cadence}`;
}
