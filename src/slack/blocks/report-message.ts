import { formatInt, plural } from '../../lib/format.js';
import { isFiguresOnly, type ReportView } from '../../views/report-view.js';
import { ACTION_IDS, tryEncodeAction, type DrillRef, type ReportAction } from '../parse/action-value.js';
import { slackifyFlags } from '../../requests/report-options.js';
import { SLASH } from '../../requests/report-usage.js';
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
  type TableBlock,
  withTable,
} from './builders.js';
import type { DrillTarget } from '../../views/drill-target.js';
import { LIMITS } from './limits.js';
import { escapeFit, fit, textLength } from './text.js';
import { tableBlock } from './table-block.js';
import { tableLayout } from './text-table.js';

export { drillTargets } from '../../reports/report-drills.js';
export type { DrillTarget } from '../../views/drill-target.js';

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
  /**
   * Rows as a monospace table instead of a table block: for surfaces that take no table block (App
   * Home, modals) or a second try after Slack refused one.
   */
  textTable?: boolean;
}

/** Text caps that keep the whole message under Slack's ~12k budget with room for a full table. */
const CAP = { figureLabel: 60, figureValue: 300, note: 400, notesTotal: 1200, meta: 300, optionText: 40, alt: 300 } as const;
const SELECT_PLACEHOLDER = 'Drill down…';
/** What an answer says instead of a freshness date before the first import, with what to type. */
const NO_SALES_YET = 'no sales imported yet — run `sales-bot import sales <file>`';
/** The notification text is not wrapped like a message body, so its monospace table may be wider. */
const FALLBACK_WIDTH = 160;

/**
 * A report answer: title, key figures, this page's rows as Slack's table block (a monospace table
 * where a table block cannot serve), the chart, notes, freshness and the request, then Prev/Next,
 * Export CSV, Share and a drill-down menu. The table block goes in the message's one attachment, as
 * Slack documents for tables (Slack shows it below the blocks); everything else stays in `blocks`. Valid Block Kit for any input: every text is escaped and
 * cut to Slack's limits, the table gets what room is left, and rows that do not fit are counted in a
 * note that says how to get them.
 */
export function reportMessage(input: ReportMessageInput): Message {
  const view = input.view;
  const pageSize = Number.isInteger(input.pageSize) && input.pageSize > 0 ? input.pageSize : 10;
  const page = Number.isInteger(input.page) && input.page >= 0 ? input.page : 0;
  const allGiven = view.rows.length > pageSize;
  const rows = allGiven ? view.rows.slice(page * pageSize, (page + 1) * pageSize) : view.rows;
  const total = input.totalRows ?? view.totalRows ?? (allGiven ? view.rows.length : undefined);
  const hasNext = input.hasNext ?? (total !== undefined && (page + 1) * pageSize < total);
  const title = view.title.trim() !== '' ? view.title : input.report.title;

  const notes = [...view.notes.map(slackifyFlags)];
  // Pages reach the whole list when its length is known, and moreNote says so; else say where the rest is.
  if (view.cutNote && total === undefined) notes.push(slackifyFlags(view.cutNote));
  const more = moreNote(page, pageSize, rows.length, total, hasNext);
  if (more) notes.push(more);
  const chartBlock = imageBlock(input.chart, notes);
  const buttons = actionElements(input, page, hasNext, notes);

  const head = header(title);
  const figures = fields(view.keyFigures, { labelMax: CAP.figureLabel, valueMax: CAP.figureValue });
  // A key-figure answer (KPI cards) has no table by design: "no rows" would say something is missing.
  const empty = rows.length === 0 && !isFiguresOnly(view) ? section(page > 0 ? '_No more rows._' : '_No rows for this request._') : undefined;
  const meta = context(metaLines(input, page, pageSize, rows.length, total));
  const actionsBlock = actions(buttons);

  const fixedWithout = (ns: readonly string[]) =>
    [head, figures, empty, chartBlock, context(packNotes(ns)), meta, actionsBlock].reduce((s, b) => s + (b ? blockText(b) : 0), 0);
  // Room for a note about rows or columns left out is kept back before the table takes the rest.
  const room = LIMITS.messageBlockText - fixedWithout(notes) - 100 - CAP.note;
  const rowsOut = rows.length > 0 ? rowsBlock(view, rows, room, notes, input.textTable === true) : undefined;
  const table = rowsOut?.type === 'table' ? rowsOut : undefined;
  const textRows = rowsOut?.type === 'table' ? undefined : rowsOut;
  const notesBlock = context(packNotes(notes));

  const m = message(fallbackText(title, view, rows), [head, figures, textRows, empty, chartBlock, notesBlock, meta, actionsBlock]);
  return withTable(m, table);
}

/** Where the rows go: a table block, else a monospace table (more than 20 columns); notes say what is left out. */
function rowsBlock(view: ReportView, rows: readonly string[][], room: number, notes: string[], textOnly: boolean): Block | TableBlock | undefined {
  if (room <= 200) {
    notes.push(`The ${rows.length} ${plural(rows.length, 'row')} of this page did not fit in this message: Export CSV has them all.`);
    return undefined;
  }
  const plan = textOnly ? undefined : tableBlock(view.columns, rows, room);
  if (plan) {
    const left = rows.length - plan.shownRows;
    if (left > 0) notes.push(`…and ${left} more ${plural(left, 'row')} on this page that did not fit here: Export CSV has them all.`);
    return plan.block;
  }
  const layout = tableLayout(view.columns, rows);
  if (layout.hidden.length > 0) notes.push(`Not shown here: ${layout.hidden.join(', ')} (Export CSV has every column).`);
  return codeTable(layout.lines, Math.min(LIMITS.sectionText, room), ' (Export CSV has them all)');
}

/** "and N more" under a page that is not the whole list, with the ways to get the rest. */
function moreNote(page: number, pageSize: number, shown: number, total: number | undefined, hasNext: boolean): string | undefined {
  if (!hasNext || shown === 0) return undefined;
  const left = total !== undefined ? total - page * pageSize - shown : undefined;
  if (left !== undefined && left <= 0) return undefined;
  const count = left !== undefined ? `${formatInt(left)} more ${plural(left, 'row')}` : 'more rows';
  return `…and ${count}: Next ▶ shows them, Export CSV has the whole list.`;
}

/**
 * The notification text, and what clients that cannot show blocks show: title, key figures and this
 * page's rows as a monospace table.
 */
function fallbackText(title: string, view: ReportView, rows: readonly string[][]): string {
  const figures = view.keyFigures.slice(0, 4).map((f) => `${f.label}: ${f.value}`);
  const head = escapeFit([title, ...figures].join(' · '), 1000, 'Report');
  const layout = tableLayout(view.columns, rows, FALLBACK_WIDTH);
  if (layout.lines.length === 0) return head;
  const hidden = layout.hidden.length > 0 ? `\n(not shown: ${escapeFit(layout.hidden.join(', '), 300)})` : '';
  return `${head}\n\`\`\`\n${layout.lines.join('\n')}\n\`\`\`${hidden}`;
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
