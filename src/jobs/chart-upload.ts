import { renderReportChart } from '../reports/report-chart.js';
import { SlackRefusal } from '../services/delivery/slack-poster.js';
import type { ChartRef } from '../slack/blocks/report-message.js';
import type { JobContext } from './job-context.js';

/**
 * A report's chart uploaded for an image block; a failure becomes a note, never a lost message.
 * Drawing is rendering, so it stays with the jobs (services never import a renderer); the report or
 * digest message that shows it is then handed to the delivery service already built.
 */
export async function chartFor(ctx: JobContext, report: string, result: unknown, title: string): Promise<ChartRef> {
  if (!ctx.charts) return { kind: 'none' };
  let png: Buffer | null;
  try {
    png = await renderReportChart(report, result);
  } catch (e) {
    ctx.log.warn({ err: e, report }, 'chart rendering failed');
    return { kind: 'failed', reason: 'the chart could not be drawn.' };
  }
  if (!png) return { kind: 'none' };
  try {
    const fileId = await ctx.slack.uploadImage({ bytes: png, filename: `${report}.png`, title });
    return { kind: 'file', fileId, alt: title };
  } catch (e) {
    // A transient failure retries the job; a refused upload (e.g. no files:write) still sends the text.
    if (!(e instanceof SlackRefusal) || !e.permanent) throw e;
    ctx.log.warn({ err: e, report }, 'chart upload refused');
    return { kind: 'failed', reason: 'the chart could not be uploaded to Slack.' };
  }
}
