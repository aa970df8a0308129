import { textTable } from '../../lib/format.js';
import { describeFilters } from '../../lib/report-filters.js';
import type { ReportEnvelope } from '../../services/reports/report-types.js';
import type { ReportView } from '../../views/report-view.js';

/** Freshness and scope in one line, shown under every answer. */
export function contextLine(r: ReportEnvelope): string {
  const data = r.dataAsOf ? `data as of ${r.dataAsOf.slice(0, 10)}` : 'no data yet';
  const source = r.source === 'snapshot' && r.snapshotAt ? ` · precomputed ${r.snapshotAt.slice(0, 16).replace('T', ' ')} UTC` : '';
  const period = r.period.from ? `${r.period.from} to ${r.period.to}` : `up to ${r.period.to}`;
  return `${describeFilters(r.filters)} · ${period} · ${data}${source}`;
}

/** A report for the terminal: title, key figures, the table, notes and the context line. */
export function renderReportView(view: ReportView, envelope: ReportEnvelope): string {
  const out = [view.title, '═'.repeat(Math.min(view.title.length, 80))];
  if (view.keyFigures.length > 0) {
    const w = Math.max(...view.keyFigures.map((k) => k.label.length));
    for (const k of view.keyFigures) out.push(`${k.label.padEnd(w)}  ${k.value}`);
  }
  if (view.rows.length > 0) {
    out.push('', textTable(view.columns.map((c) => c.label), view.rows, view.columns.map((c) => c.align ?? 'l')));
  }
  if (view.notes.length > 0) out.push('', ...view.notes);
  out.push('', contextLine(envelope));
  return out.join('\n') + '\n';
}
