import { AppError } from '../../lib/errors.js';
import { countOf, formatInt } from '../../lib/format.js';
import { classProducts } from '../../reports/abc/class-products.js';
import { customerHistory } from '../../services/drill/customer-history.js';
import { regionCities } from '../../reports/geo/region-cities.js';
import { segmentCustomers } from '../../reports/rfm/segment-customers.js';
import type { Actor } from '../../services/slack-identity.js';
import { filtersWords, ownBookLabel } from '../../views/answer-meta.js';
import type { ReportView } from '../../views/report-view.js';
import type { ReportAction } from '../parse/action-value.js';
import { reportMessage } from '../blocks/report-message.js';
import type { SlackDeps } from '../slack-deps.js';
import type { ReportCommand } from './verified-request.js';

export type DrillKind = NonNullable<ReportAction['drill']>['kind'];

/** Rows a drill-down answer lists in chat; the Export CSV button gives all of them. */
export const DRILL_ROWS = 15;

/** Runs the drill-down a button names, within the clicking person's scope. */
export async function runDrill(
  deps: SlackDeps,
  actor: Actor,
  command: ReportCommand,
  drill: NonNullable<ReportAction['drill']>,
  limit: number,
): Promise<{ title: string; view: ReportView; total: number; data: unknown }> {
  const request = { filters: command.filters, ...(command.asOf ? { asOf: command.asOf } : {}), key: drill.key, limit };
  switch (drill.kind) {
    case 'segment':
      return segmentCustomers(deps.analytics, actor.scope, request);
    case 'class':
      return classProducts(deps.analytics, actor.scope, request);
    case 'customer':
      return customerHistory(deps.analytics, actor.scope, request);
    case 'region':
      return regionCities(deps.analytics, actor.scope, request);
    default:
      throw new AppError('USAGE', `There is no drill-down for ${drill.kind} yet.`);
  }
}

/** The chat answer for a drill-down: its table, freshness and an Export CSV button for the full list. */
export async function buildDrillAnswer(
  deps: SlackDeps,
  actor: Actor,
  command: ReportCommand,
  drill: NonNullable<ReportAction['drill']>,
) {
  const d = await runDrill(deps, actor, command, drill, DRILL_ROWS);
  const left = d.total - d.view.rows.length;
  // No list is cut silently: the rest is counted, and Export CSV (this answer's own) has every row.
  const notes = left > 0 ? [...d.view.notes, `…and ${countOf(left, 'more row')} (${formatInt(d.total)} in all): Export CSV has them all.`] : d.view.notes;
  return reportMessage({
    report: { name: command.report, title: d.title },
    view: { ...d.view, notes },
    page: 0,
    pageSize: DRILL_ROWS,
    hasNext: false,
    canonical: command.canonical,
    // Drill-downs do not report freshness (undefined leaves it out rather than claiming "no data").
    dataAsOf: undefined,
    filtersText: filtersWords(command.filters, actor.scope.kind === 'salesman' ? ownBookLabel(actor.salesman?.name) : undefined),
    chart: { kind: 'none' },
    drills: [],
    drill,
    shareable: false,
  });
}
