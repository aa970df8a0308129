import { textTable } from '../../lib/format.js';
import type { ReportEnvelope } from '../../reports/report-module.js';
import { answerMeta } from '../../views/answer-meta.js';
import type { ReportView } from '../../views/report-view.js';

/** Freshness and scope in one line, shown under every answer (days and times in SALES_TZ). */
export function contextLine(r: ReportEnvelope): string {
  const m = answerMeta(r);
  const data = m.dataAsOf !== null ? `data as of ${m.dataAsOf}` : 'no sales imported yet — run `sales-bot import sales <file>`';
  const source = r.source === 'snapshot' && m.snapshotAt ? ` · precomputed ${m.snapshotAt}` : '';
  const period = r.period.from ? `${r.period.from} to ${r.period.to}` : `up to ${r.period.to}`;
  return `${m.filtersText} · ${period} · ${data}${source}`;
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
  const notes = [...view.notes, ...(view.cutNote ? [view.cutNote] : [])];
  if (notes.length > 0) out.push('', ...notes);
  const note = answerMeta(envelope).dataNote;
  out.push('', ...(note ? [note] : []), contextLine(envelope));
  return out.join('\n') + '\n';
}
