import type { SubscriptionRow } from '../../db/queries/subscriptions.js';
import { AppError } from '../../lib/errors.js';
import { parseFilterMap } from '../../lib/report-filters.js';
import { contentHash } from '../../services/digest.js';
import { runDelivery } from '../../services/delivery/run-delivery.js';
import { reportByName } from '../../reports/registry.js';
import { runReportPage } from '../../reports/report-page.js';
import { drillTargets, reportMessage } from '../../slack/blocks/report-message.js';
import { keyValueToken } from '../../requests/tokens.js';
import { answerMeta } from '../../views/answer-meta.js';
import { chartFor } from '../chart-upload.js';
import type { JobContext, JobOutcome } from '../job-context.js';
import { actorOf } from '../load-subscription.js';
import { deliveryDetail } from '../delivery-detail.js';

/**
 * A scheduled report: the same answer `/sales <report> <filters>` gives (first page, chart, buttons),
 * run as the subscription's owner (their scope), posted to the subscription's destination.
 * `skip-empty` skips a list report with no rows; `only-changed` skips a result identical to the last one sent.
 */
export async function runReportSubscription(ctx: JobContext, sub: SubscriptionRow, runKey: string): Promise<JobOutcome> {
  const definition = reportByName(sub.subject ?? '');
  if (!definition) throw new AppError('NOT_FOUND', `Subscription ${sub.id} names a report that no longer exists (${sub.subject}).`);
  const owner = await actorOf(ctx, sub.ownerSlackUserId);
  const filters = parseFilterMap(sub.filters);
  const page = await runReportPage(ctx.analytics, definition, { filters, scope: owner.scope }, 0);
  const view = page.view;
  const delivery = runDelivery(ctx, sub, runKey);
  if (sub.skipWhenEmpty && view.columns.length > 0 && view.rows.length === 0) {
    await delivery.skip('empty result (skip-empty)');
    return { status: 'skipped', detail: 'empty result' };
  }
  const hash = contentHash({ keyFigures: view.keyFigures, columns: view.columns, rows: view.rows, notes: view.notes });
  if (sub.onlyWhenChanged && sub.lastResultHash === hash) {
    await delivery.skip('unchanged since the last message (only-changed)');
    return { status: 'skipped', detail: 'unchanged' };
  }
  const out = await delivery.send(
    async () => {
      const chart = await chartFor(ctx, definition.name, page.result, view.title);
      return reportMessage({
        report: { name: definition.name, title: definition.title },
        view,
        page: 0,
        pageSize: page.pageSize,
        hasNext: page.hasNext,
        canonical: [definition.name, ...Object.entries(sub.filters).map(([k, v]) => keyValueToken(k, v))].join(' '),
        ...answerMeta(page.result),
        source: page.result.source,
        chart,
        drills: drillTargets(definition.name, page.result),
        shareable: false,
      });
    },
    { resultHash: hash },
  );
  return { status: out.status === 'duplicate' ? 'skipped' : out.status, messages: out.status === 'sent' && !out.foundInHistory ? 1 : 0, ...deliveryDetail(out) };
}
