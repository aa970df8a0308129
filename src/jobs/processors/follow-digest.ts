import { followTrendChart } from '../../charts/follow-trend.js';
import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { AppError } from '../../lib/errors.js';
import { METRIC_LABEL, type FollowCadence } from '../../lib/metric-names.js';
import { contentHash } from '../../services/digest.js';
import { runDelivery } from '../../services/delivery/run-delivery.js';
import { buildFollowDigest } from '../../services/follow-digest.js';
import { describeFollowFilters } from '../../services/follows.js';
import { followDigestMessage } from '../../slack/blocks/follow-message.js';
import { chartFromConfig } from '../chart-upload.js';
import type { JobContext, JobOutcome } from '../job-context.js';
import { actorOf } from '../load-subscription.js';

/**
 * One person's follow digest (a `follow` subscription): every metric they follow at its cadence, built
 * as them (their current scope), one trend chart for all of them uploaded first, then one DM. A digest
 * whose follows were all removed meanwhile is skipped. Idempotent per run through the delivery log.
 */
export async function runFollowDigest(ctx: JobContext, sub: SubscriptionRow, runKey: string): Promise<JobOutcome> {
  const cadence = sub.subject as FollowCadence;
  if (cadence !== 'daily' && cadence !== 'weekly') throw new AppError('NOT_FOUND', `Subscription ${sub.id} is a follow digest with an unknown cadence (${sub.subject}).`);
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const digest = await buildFollowDigest(ctx.analytics, { subscriptionId: sub.id, cadence, owner, timeZone: ctx.timeZone });
  const delivery = runDelivery(ctx, sub, runKey);
  if (digest.lines.length === 0) {
    await delivery.skip('no followed metric left');
    return { status: 'skipped', detail: 'nothing followed' };
  }
  const out = await delivery.send(async () => {
    const current = digest.periods[digest.periods.length - 1]!;
    const title = `Your ${cadence} metrics, last ${digest.periods.length} ${cadence === 'daily' ? 'days' : 'weeks'} to ${current.to}`;
    const config = followTrendChart({
      title,
      subtitle: 'each metric against its own average (= 100)',
      periodLabels: digest.periods.map((p) => (cadence === 'daily' ? p.to.slice(5) : `wk to ${p.to.slice(5)}`)),
      series: digest.lines.map((l) => ({ label: `${METRIC_LABEL[l.metric]}${describeFollowFilters(l.filters)}`, values: l.trend })),
    });
    const chart = await chartFromConfig(ctx, config, 'follow-digest', title);
    return followDigestMessage(digest, chart);
  }, { resultHash: contentHash(digest.lines) });
  return { status: out.status === 'duplicate' ? 'skipped' : out.status, messages: out.status === 'sent' ? 1 : 0, ...(out.status === 'duplicate' ? { detail: 'already sent' } : {}) };
}
