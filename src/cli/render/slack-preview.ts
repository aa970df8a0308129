import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderReportChart } from '../../reports/report-chart.js';
import { env } from '../../config/env.js';
import type { ReportOutcome } from '../../reports/all-reports.js';
import { PAGE_SIZE } from '../../reports/report-page.js';
import { reportMessage } from '../../slack/blocks/report-message.js';
import { drillTargets } from '../../reports/report-drills.js';
import { answerMeta } from '../../views/answer-meta.js';

export interface PreviewFiles {
  report: string;
  message: string;
  chart?: string;
}

/**
 * Writes, for every report, the Block Kit message the app would post (`<name>.json`, paste it into
 * Block Kit Builder) and its chart (`<name>.png`). In Slack the image block points at the uploaded PNG's
 * file id; here that id is a stand-in naming the PNG beside it.
 */
export async function writeSlackPreviews(outcomes: readonly ReportOutcome[], dir: string): Promise<PreviewFiles[]> {
  await mkdir(dir, { recursive: true });
  const written: PreviewFiles[] = [];
  for (const o of outcomes) {
    if (!o.result || !o.view) continue;
    const png = await renderReportChart(o.name, o.result);
    const chartFile = png ? join(dir, `${o.name}.png`) : undefined;
    if (png && chartFile) await writeFile(chartFile, png);
    const message = reportMessage({
      report: { name: o.name, title: o.title },
      view: { ...o.view, rows: o.view.rows.slice(0, PAGE_SIZE) },
      page: 0,
      pageSize: PAGE_SIZE,
      hasNext: o.view.rows.length > PAGE_SIZE,
      canonical: o.name,
      ...answerMeta(o.result, env().SALES_TZ),
      source: o.result.source,
      chart: png ? { kind: 'file', fileId: `FPREVIEW${o.name.toUpperCase().replace(/[^A-Z0-9]/g, '')}`, alt: o.view.title } : { kind: 'none' },
      drills: drillTargets(o.name, o.result),
      shareable: true,
    });
    const messageFile = join(dir, `${o.name}.json`);
    await writeFile(messageFile, JSON.stringify(message, null, 2) + '\n');
    written.push({ report: o.name, message: messageFile, ...(chartFile ? { chart: chartFile } : {}) });
  }
  return written;
}
