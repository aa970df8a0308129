import type { Block } from './builders.js';
import { LIMITS } from './limits.js';
import type { ChartRef } from './report-message.js';
import { fit } from './text.js';

/**
 * The image block of a scheduled message's chart: an uploaded file (by id) or a public URL, each only
 * when Slack would take it; none when there is no chart. A chart that failed adds its reason to `notes`
 * (the message says why it has no picture) and gives no block.
 */
export function chartBlock(chart: ChartRef | undefined, notes: string[]): Block | undefined {
  if (!chart || chart.kind === 'none') return undefined;
  if (chart.kind === 'failed') {
    notes.push(`Chart unavailable: ${chart.reason}`);
    return undefined;
  }
  const alt = fit(chart.alt, 300, 'Chart');
  if (chart.kind === 'file') return /^F[A-Z0-9]{2,40}$/.test(chart.fileId) ? { type: 'image', slack_file: { id: chart.fileId }, alt_text: alt } : undefined;
  return /^https?:\/\/\S+$/i.test(chart.url) && chart.url.length <= LIMITS.imageUrl ? { type: 'image', image_url: chart.url, alt_text: alt } : undefined;
}
