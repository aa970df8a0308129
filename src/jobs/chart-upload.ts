import type { ChartConfiguration } from 'chart.js';
import { renderPng } from '../charts/render.js';
import { REPORT_CHART_SIZE } from '../charts/theme.js';
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
  return uploadChartPng(ctx, png, report, title);
}

/** A chart configuration built outside the report registry (e.g. the follow digest's), drawn and uploaded as {@link chartFor} does. */
export async function chartFromConfig(ctx: JobContext, config: ChartConfiguration | null, name: string, title: string): Promise<ChartRef> {
  if (!ctx.charts || !config) return { kind: 'none' };
  let png: Buffer;
  try {
    png = await renderPng(config, REPORT_CHART_SIZE);
  } catch (e) {
    ctx.log.warn({ err: e, chart: name }, 'chart rendering failed');
    return { kind: 'failed', reason: 'the chart could not be drawn.' };
  }
  return uploadChartPng(ctx, png, name, title);
}

async function uploadChartPng(ctx: JobContext, png: Buffer | null, name: string, title: string): Promise<ChartRef> {
  if (!png) return { kind: 'none' };
  try {
    const fileId = await ctx.slack.uploadImage({ bytes: png, filename: `${name}.png`, title });
    return { kind: 'file', fileId, alt: title };
  } catch (e) {
    // A transient failure retries the job; a refused upload (e.g. no files:write) still sends the text.
    if (!(e instanceof SlackRefusal) || !e.permanent) throw e;
    ctx.log.warn({ err: e, chart: name }, 'chart upload refused');
    return { kind: 'failed', reason: 'the chart could not be uploaded to Slack.' };
  }
}
