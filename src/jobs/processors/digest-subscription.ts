import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { parseFilterMap } from '../../lib/report-filters.js';
import { kpiReport } from '../../reports/kpi/kpi-module.js';
import { whyReport } from '../../reports/why/why-module.js';
import { buildDigest, contentHash, digestPeriodDays } from '../../services/digest.js';
import { runDelivery } from '../../services/delivery/run-delivery.js';
import { digestMessage } from '../../slack/blocks/digest-message.js';
import { chartFor } from '../chart-upload.js';
import type { JobContext, JobOutcome } from '../job-context.js';
import { actorOf } from '../load-subscription.js';
import { deliveryDetail } from '../delivery-detail.js';

/**
 * The executive digest of a subscription: built as its owner (their scope), charts (the kpi and why
 * reports' own, drawn from the results the digest holds) uploaded first, then one message. A run killed
 * half-way resumes from the delivery log: the message is posted once.
 */
export async function runDigestSubscription(ctx: JobContext, sub: SubscriptionRow, runKey: string): Promise<JobOutcome> {
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const digest = await buildDigest(ctx.analytics, { filters: parseFilterMap(sub.filters), scope: owner.scope, periodDays: digestPeriodDays(sub.cron), timeZone: ctx.timeZone });
  const delivery = runDelivery(ctx, sub, runKey);
  const hash = contentHash({ revenue: digest.revenue, up: digest.moversUp, down: digest.moversDown, segments: digest.segmentShifts, kpi: digest.kpi.runRate });
  if (sub.onlyWhenChanged && sub.lastResultHash === hash) {
    await delivery.skip('unchanged since the last digest (only-changed)');
    return { status: 'skipped', detail: 'unchanged' };
  }
  if (sub.skipWhenEmpty && digest.revenue.current === 0 && digest.revenue.previous === 0) {
    await delivery.skip('no sales in either period (skip-empty)');
    return { status: 'skipped', detail: 'empty' };
  }
  const out = await delivery.send(
    async () => {
      const kpi = await chartFor(ctx, kpiReport.name, digest.kpi, `Daily revenue, last 30 days to ${digest.kpi.today}`);
      const why = await chartFor(ctx, whyReport.name, digest.why, `Revenue change ${digest.periods.previous.from} – ${digest.periods.current.to}`);
      return digestMessage(digest, { kpi, why });
    },
    { resultHash: hash },
  );
  return { status: out.status === 'duplicate' ? 'skipped' : out.status, messages: out.status === 'sent' && !out.foundInHistory ? 1 : 0, ...deliveryDetail(out) };
}
