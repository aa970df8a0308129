import { AppError } from '../../lib/errors.js';
import type { ReportFilters } from '../../lib/report-filters.js';
import { reportByName } from '../../reports/registry.js';
import { runReportPage } from '../../reports/report-page.js';
import type { Actor } from '../../services/slack-identity.js';
import { answerMeta } from '../../views/answer-meta.js';
import type { Message } from '../blocks/builders.js';
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

/** An uploaded chart with its bytes, kept so it can be shared beside the answer if Slack refuses the block. */
export interface ChartImage {
  fileId: string;
  bytes: Buffer;
  filename: string;
  title: string;
}

/** A report answer and the chart its image block shows (undefined: none). */
export interface ReportAnswer {
  message: Message;
  image: ChartImage | undefined;
}

/** Renders and uploads the chart; a failure becomes a note on the answer, never a lost answer. */
async function chartFor(
  deps: SlackDeps,
  client: SlackClient,
  report: string,
  title: string,
  result: object,
): Promise<{ ref: ChartRef; image?: ChartImage }> {
  const log = deps.log;
  let png: Buffer | null;
  try {
    png = await deps.renderChart(report, result);
  } catch (e) {
    log.error({ err: e, report }, 'chart rendering failed');
    return { ref: { kind: 'failed', reason: 'the chart could not be drawn' } };
  }
  if (!png) return { ref: { kind: 'none' } };
  const filename = `${report}.png`;
  try {
    const fileId = await uploadPrivateFile(client, { bytes: png, filename, title });
    return { ref: { kind: 'file', fileId, alt: title }, image: { fileId, bytes: png, filename, title } };
  } catch (e) {
    log.warn({ err: e, report }, 'chart upload failed');
    return { ref: { kind: 'failed', reason: 'the chart could not be uploaded to Slack' } };
  }
}

/**
 * Runs a report for the person asking (their scope is applied whatever the filters say) and builds the
 * chat answer: text table page, key figures, chart, freshness and buttons.
 */
export async function buildReportAnswer(deps: SlackDeps, client: SlackClient, actor: Actor, ask: ReportAsk): Promise<ReportAnswer> {
  const definition = reportByName(ask.report);
  if (!definition) throw new AppError('USAGE', `There is no report called "${ask.report}".`, { hint: 'Type /sales help for the list.' });
  const page = await (deps.reportPage ?? runReportPage)(
    deps.analytics,
    definition,
    { filters: ask.filters, options: ask.options, asOf: ask.asOf, scope: actor.scope, asker: { me: actor.salesman?.externalId ?? null, role: actor.role } },
    ask.page,
  );
  const chart: { ref: ChartRef; image?: ChartImage } = ask.withChart
    ? await chartFor(deps, client, definition.name, page.view.title, page.result)
    : { ref: { kind: 'none' } };
  const message = reportMessage({
    report: { name: definition.name, title: definition.title },
    view: page.view,
    page: page.page,
    pageSize: page.pageSize,
    hasNext: page.hasNext,
    canonical: ask.canonical,
    ...answerMeta(page.result, deps.timeZone),
    source: page.result.source,
    chart: chart.ref,
    drills: drillTargets(definition.name, page.result),
    shareable: ask.shareable,
  });
  return { message, image: chart.image };
}
