import { env } from '../../config/env.js';
import { freshnessText } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { describeFilters, type ReportFilters } from '../../lib/report-filters.js';
import { reportByName } from '../../services/reports/registry.js';
import { runReportPage } from '../../services/reports/report-page.js';
import type { Actor } from '../../services/slack-identity.js';
import { reportMessage } from '../blocks/report-message.js';
import { drillTargets } from '../blocks/report-message.js';
import type { SlackClient } from '../actor.js';
import type { SlackDeps } from '../slack-deps.js';
import { uploadPrivateFile } from './file-upload.js';

export interface ReportAsk {
  report: string;
  filters: ReportFilters;
  options: Record<string, unknown>;
  asOf?: string | undefined;
  /** Normalized request text, carried by the buttons and re-parsed when they are clicked. */
  canonical: string;
  page: number;
  /** Charts go with the first page only: later pages change the table, not the picture. */
  withChart: boolean;
  shareable: boolean;
}

export type ChartRef =
  | { kind: 'file'; fileId: string; alt: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'none' };

/** Renders and uploads the chart; a failure becomes a note on the answer, never a lost answer. */
async function chartFor(deps: SlackDeps, client: SlackClient, report: string, title: string, result: object): Promise<ChartRef> {
  const log = deps.log;
  let png: Buffer | null;
  try {
    png = await deps.renderChart(report, result);
  } catch (e) {
    log.error({ err: e, report }, 'chart rendering failed');
    return { kind: 'failed', reason: 'the chart could not be drawn' };
  }
  if (!png) return { kind: 'none' };
  try {
    const fileId = await uploadPrivateFile(client, { bytes: png, filename: `${report}.png`, title });
    return { kind: 'file', fileId, alt: title };
  } catch (e) {
    log.warn({ err: e, report }, 'chart upload failed');
    return { kind: 'failed', reason: 'the chart could not be uploaded to Slack' };
  }
}

/**
 * Runs a report for the person asking (their scope is applied whatever the filters say) and builds the
 * chat answer: text table page, key figures, chart, freshness and buttons.
 */
export async function buildReportAnswer(deps: SlackDeps, client: SlackClient, actor: Actor, ask: ReportAsk) {
  const definition = reportByName(ask.report);
  if (!definition) throw new AppError('USAGE', `There is no report called "${ask.report}".`, { hint: 'Type /sales help for the list.' });
  const page = await runReportPage(
    deps.database,
    definition,
    { filters: ask.filters, options: ask.options, asOf: ask.asOf, scope: actor.scope, asker: { me: actor.salesman?.externalId ?? null, role: actor.role } },
    ask.page,
  );
  const chart: ChartRef = ask.withChart ? await chartFor(deps, client, definition.name, page.view.title, page.result) : { kind: 'none' };
  return reportMessage({
    report: { name: definition.name, title: definition.title },
    view: page.view,
    page: page.page,
    pageSize: page.pageSize,
    hasNext: page.hasNext,
    canonical: ask.canonical,
    dataAsOf: freshnessText(page.result.dataAsOf, env().SALES_TZ),
    filtersText: describeFilters(page.result.filters),
    source: page.result.source,
    ...(page.result.snapshotAt ? { snapshotAt: `${page.result.snapshotAt.slice(0, 16).replace('T', ' ')} UTC` } : {}),
    chart,
    drills: drillTargets(definition.name, page.result),
    shareable: ask.shareable,
  });
}
