import { parseCommand } from '../slack/parse/command.js';
import type { RequestResult } from './report-request.js';

/** `/sales <text>` when it asks for a report: the Slack door's adapter (other commands are not reports). */
export function requestFromText(text: string): RequestResult {
  const parsed = parseCommand(text);
  if (!parsed.ok) return parsed;
  if (parsed.command.kind !== 'report') {
    return { ok: false, usage: { message: `"${text.slice(0, 60)}" is not a report request.`, usage: '`/sales <report> [filters]`' } };
  }
  const { kind: _kind, ...request } = parsed.command;
  return { ok: true, request };
}
