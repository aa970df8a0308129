import type { ReportView } from '../../views/report-view.js';
import { ACTION_IDS, tryEncodeAction, type DrillRef, type ReportAction } from '../parse/action-value.js';
import { slackifyFlags } from '../parse/report-options.js';
import { SLASH } from '../parse/usage-texts.js';
import {
  actions,
  blockText,
  button,
  codeTable,
  context,
  fields,
  header,
  message,
  plain,
  section,
  type ActionElement,
  type Block,
  type Button,
  type Message,
  type StaticSelect,
} from './builders.js';
import type { DrillTarget } from './drill-targets.js';
import { LIMITS } from './limits.js';
import { escapeFit, fit, textLength } from './text.js';
import { tableLayout } from './text-table.js';

export { drillTargets, type DrillTarget } from './drill-targets.js';

export type ChartRef =
  | { kind: 'file'; fileId: string; alt: string }
  | { kind: 'url'; url: string; alt: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'none' };

export interface ReportMessageInput {
  report: { name: string; title: string };
  view: ReportView;
  /** 0-based page shown. */
  page: number;
  pageSize: number;
  /** Canonical request text (no `public`); every button carries it. */
  canonical: string;
  /** Freshness for people (business day, time in SALES_TZ); null = no sales imported yet; undefined = not known here (left out). */
  dataAsOf: string | null | undefined;
  filtersText: string;
  /** One sentence on where the data is (data ends before today, empty window), shown above the freshness line. */
  dataNote?: string | undefined;
  source?: 'snapshot' | 'live';
  snapshotAt?: string;
  chart?: ChartRef;
  drills: readonly DrillTarget[];
  shareable: boolean;
  /**
   * `view.rows` is either this page's rows, or the whole list (when longer than `pageSize`), which is
   * then sliced here. `totalRows` and `hasNext` say what lies beyond a page given alone.
   */
  totalRows?: number;
  hasNext?: boolean;
  /** Set when this answer is itself a drill-down: Export CSV then exports it, and no drill menu is shown. */
  drill?: DrillRef;
}

/** Text caps that keep the whole message under Slack's ~12k budget with room for a full table. */
const CAP = { figureLabel: 60, figureValue: 300, note: 400, notesTotal: 1200, meta: 300, optionText: 40, alt: 300 } as const;
const SELECT_PLACEHOLDER = 'Drill down…';
/** What an answer says instead of a freshness date before the first import, with what to type. */
const NO_SALES_YET = 'no sales imported yet — run `sales-bot import sales <file>`';

/**
 * A report answer: title, key figures, this page's rows as a monospace table, the chart, notes,
 * freshness and the request, then Prev/Next, Export CSV, Share and a drill-down menu. Valid Block Kit
 * for any input: every text is escaped and cut to Slack's limits, and the table gets what room is left.
 */
export function reportMessage(input: ReportMessageInput): Message {
  const view = input.view;
  const pageSize = Number.isInteger(input.pageSize) && input.pageSize > 0 ? input.pageSize : 10;
  const page = Number.isInteger(input.page) && input.page >= 0 ? input.page : 0;
  const allGiven = view.rows.length > pageSize;
  const rows = allGiven ? view.rows.slice(page * pageSize, (page + 1) * pageSize) : view.rows;
  const total = input.totalRows ?? (allGiven ? view.rows.length : undefined);
  const hasNext = input.hasNext ?? (total !== undefined && (page + 1) * pageSize < total);
  const title = view.title.trim() !== '' ? view.title : input.report.title;

  const layout = tableLayout(view.columns, rows);
  const notes = [...view.notes.map(slackifyFlags)];
  if (layout.hidden.length > 0) notes.push(`Not shown here: ${layout.hidden.join(', ')} (Export CSV has every column).`);
  const chartBlock = imageBlock(input.chart, notes);
  const buttons = actionElements(input, page, hasNext, notes);

  const head = header(title);
  const figures = fields(view.keyFigures, { labelMax: CAP.figureLabel, valueMax: CAP.figureValue });
  const empty = rows.length === 0 ? section(page > 0 ? '_No more rows._' : '_No rows for this request._') : undefined;
  const notesBlock = context(packNotes(notes));
  const meta = context(metaLines(input, page, pageSize, rows.length, total));
  const actionsBlock = actions(buttons);

  const fixed = [head, figures, empty, chartBlock, notesBlock, meta, actionsBlock].reduce((s, b) => s + (b ? blockText(b) : 0), 0);
  const room = Math.min(LIMITS.sectionText, LIMITS.messageBlockText - fixed - 100);
  const table = rows.length > 0 && room > 200 ? codeTable(layout.lines, room) : undefined;

  return message(fallbackText(title, view), [head, figures, table, empty, chartBlock, notesBlock, meta, actionsBlock]);
}

function fallbackText(title: string, view: ReportView): string {
  const figures = view.keyFigures.slice(0, 4).map((f) => `${f.label}: ${f.value}`);
  return escapeFit([title, ...figures].join(' · '), 1000, 'Report');
}

function imageBlock(chart: ChartRef | undefined, notes: string[]): Block | undefined {
  if (!chart || chart.kind === 'none') return undefined;
  if (chart.kind === 'failed') {
    notes.push(`Chart unavailable: ${chart.reason}`);
    return undefined;
  }
  const alt = fit(chart.alt, CAP.alt, 'Chart');
  if (chart.kind === 'file') {
    if (!/^F[A-Z0-9]{2,40}$/.test(chart.fileId)) {
      notes.push('Chart unavailable: the uploaded file has no usable id.');
      return undefined;
    }
    return { type: 'image', slack_file: { id: chart.fileId }, alt_text: alt };
  }
  if (!/^https?:\/\/\S+$/i.test(chart.url) || chart.url.length > LIMITS.imageUrl) {
    notes.push('Chart unavailable: its address is not a usable image URL.');
    return undefined;
  }
  return { type: 'image', image_url: chart.url, alt_text: alt };
}

/** Notes as context elements (≤ 10), escaped, each and all together within the caps. */
function packNotes(notes: readonly string[]): string[] {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < notes.length; i++) {
    const text = escapeFit(notes[i]!, CAP.note);
    const left = notes.length - i;
    if (out.length === LIMITS.contextElements - 1 && left > 1) {
      out.push(`+${left} more notes`);
      break;
    }
    if (used + textLength(text) > CAP.notesTotal) {
      out.push(`+${left} more note${left === 1 ? '' : 's'}`);
      break;
    }
    out.push(text);
    used += textLength(text);
  }
  return out;
}

function metaLines(input: ReportMessageInput, page: number, pageSize: number, shown: number, total: number | undefined): string[] {
  const fresh = [`Filters: ${input.filtersText}`];
  if (input.dataAsOf === null) fresh.push(NO_SALES_YET);
  else {
    if (input.dataAsOf !== undefined) fresh.push(`data as of ${input.dataAsOf}`);
    if (input.source === 'snapshot') fresh.push(input.snapshotAt ? `snapshot from ${input.snapshotAt}` : 'from the latest snapshot');
    else if (input.source === 'live') fresh.push('computed live');
  }
  const lines = [...(input.dataNote ? [escapeFit(input.dataNote, CAP.meta)] : []), escapeFit(fresh.join(' · '), CAP.meta)];
  if (shown > 0) {
    const first = page * pageSize + 1;
    const range = `rows ${first}–${first + shown - 1}${total !== undefined ? ` of ${total}` : ''}`;
    const pages = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;
    lines.push(`Page ${page + 1}${pages !== undefined ? ` of ${pages}` : ''} · ${range}`);
  }
  lines.push(`\`${escapeFit(`${SLASH} ${input.canonical}`.replace(/`/g, 'ˋ'), CAP.meta)}\``);
  return lines;
}

function actionElements(input: ReportMessageInput, page: number, hasNext: boolean, notes: string[]): ActionElement[] {
  const base = { v: 1 as const, report: input.report.name, q: input.canonical };
  const make = (label: string, actionId: string, a: ReportAction, style?: 'primary'): Button | undefined => {
    const value = tryEncodeAction(a);
    return value === undefined ? undefined : button(label, actionId, value, style);
  };
  const wanted: (Button | undefined)[] = [];
  if (page > 0) wanted.push(make('◀ Prev', ACTION_IDS.page, { ...base, kind: 'page', page: page - 1 }));
  if (hasNext) wanted.push(make('Next ▶', ACTION_IDS.page, { ...base, kind: 'page', page: page + 1 }));
  wanted.push(make('Export CSV', ACTION_IDS.export, { ...base, kind: 'export', ...(input.drill ? { drill: input.drill } : {}) }));
  if (input.shareable) wanted.push(make('Share to channel', ACTION_IDS.share, { ...base, kind: 'share', page }, 'primary'));
  const buttons = wanted.filter((b): b is Button => b !== undefined);
  if (buttons.length < wanted.length) notes.push('Some buttons are left out: this request is too long to carry in a button; type it again with fewer filters.');
  if (input.drill || input.drills.length === 0) return buttons;
  return [...buttons, ...drillElements(input.drills, base, LIMITS.actionsElements - buttons.length)];
}

/**
 * The drill choices as one select menu when every choice's value fits an option (150 characters),
 * else as buttons (2000 characters each) in the room left in the actions block.
 */
function drillElements(drills: readonly DrillTarget[], base: Omit<ReportAction, 'kind'>, room: number): ActionElement[] {
  const choices = drills.slice(0, LIMITS.selectOptions);
  const asOption = choices.map((d) => tryEncodeAction({ ...base, kind: 'drill', drill: d.drill }, LIMITS.optionValue));
  if (asOption.every((v) => v !== undefined)) {
    const seen = new Set<string>();
    const options = choices.flatMap((d, i) => {
      const value = asOption[i]!;
      if (seen.has(value)) return [];
      seen.add(value);
      return [{ text: plain(d.label, CAP.optionText), value }];
    });
    if (options.length === 0) return [];
    const select: StaticSelect = { type: 'static_select', action_id: ACTION_IDS.drill, placeholder: plain(SELECT_PLACEHOLDER, LIMITS.placeholderText), options };
    return [select];
  }
  const out: Button[] = [];
  for (const d of choices) {
    if (out.length >= room) break;
    const value = tryEncodeAction({ ...base, kind: 'drill', drill: d.drill });
    if (value !== undefined) out.push(button(d.label, ACTION_IDS.drill, value));
  }
  return out;
}
