import { escapeFit } from './text.js';

/**
 * A time Slack shows in each reader's own time zone (`<!date^…>`), with a UTC fallback for clients that
 * cannot. `format` is Slack's token string, e.g. `{date_short_pretty} {time}`.
 */
export function slackDate(iso: string | number | Date, format = '{date_short_pretty} {time}'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const fallback = `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(d.getTime() / 1000)}^${format}|${fallback}>`;
}

/** How a subscription's destination reads in a message: `<#C…>`, `<@U…>` or "every salesman". */
export function destinationText(target: string): string {
  if (/^[CG][A-Z0-9]+$/.test(target)) return `<#${target}>`;
  if (/^[UW][A-Z0-9]+$/.test(target)) return `<@${target}>`;
  if (target === 'salesmen') return 'every salesman (by DM)';
  return escapeFit(target, 80);
}

/** A Slack user mention, or a dash for nobody; ids are checked so stored text cannot inject markup. */
export function userMention(userId: unknown): string {
  return typeof userId === 'string' && /^[UW][A-Z0-9]+$/.test(userId) ? `<@${userId}>` : 'someone';
}
