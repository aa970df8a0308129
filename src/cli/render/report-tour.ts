import { userMessage } from '../../lib/errors.js';
import type { ReportOutcome } from '../../reports/all-reports.js';

/** One line per report: its key figures, or why it could not run. */
export function renderReportTour(outcomes: readonly ReportOutcome[]): string {
  const width = Math.max(...outcomes.map((o) => o.name.length));
  const lines = outcomes.map((o) => {
    const name = o.name.padEnd(width);
    if (!o.view) return `  ${name}  could not run: ${userMessage(o.error)}`;
    const figures = o.view.keyFigures.slice(0, 3).map((k) => `${k.label} ${k.value}`);
    const note = figures.length === 0 ? (o.view.notes[0] ?? o.view.title) : figures.join(' · ');
    return `  ${name}  ${note}`;
  });
  return ['Reports (details: sales-bot report <name>, JSON: --json)', ...lines].join('\n') + '\n';
}
