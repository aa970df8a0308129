import { LIMITS } from './limits.js';
import { escapeFit, fit, textLength } from './text.js';

export type TextObject = { type: 'plain_text'; text: string; emoji?: boolean } | { type: 'mrkdwn'; text: string };

export interface Button {
  type: 'button';
  text: { type: 'plain_text'; text: string; emoji: boolean };
  action_id: string;
  value?: string;
  style?: 'primary' | 'danger';
}

export type PlainText = { type: 'plain_text'; text: string; emoji: boolean };

/** One choice of a static_select; Slack allows 75 characters of text and 150 of value. */
export interface SelectOption {
  text: PlainText;
  value: string;
}

export interface StaticSelect {
  type: 'static_select';
  action_id: string;
  placeholder: PlainText;
  options: SelectOption[];
}

export type ActionElement = Button | StaticSelect;

export type Block =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; block_id?: string; text?: TextObject; fields?: TextObject[]; accessory?: Button }
  | { type: 'context'; elements: TextObject[] }
  | { type: 'actions'; block_id?: string; elements: ActionElement[] }
  | { type: 'divider' }
  | { type: 'image'; image_url?: string; slack_file?: { url?: string; id?: string }; alt_text: string; title?: { type: 'plain_text'; text: string } };

/** One cell of a table block: plain text, shown as is (Slack does not parse mrkdwn in it). */
export interface TableCell {
  type: 'raw_text';
  text: string;
}

export interface TableColumnSetting {
  align?: 'left' | 'center' | 'right';
  is_wrapped?: boolean;
}

/**
 * Slack's table block (messages only; one per message): rows of cells, the first row the header.
 * Structurally the `TableBlock` of @slack/types restricted to raw_text cells. Not a {@link Block}: Slack
 * takes it only inside a message attachment (see {@link MessageAttachment}), never in top-level blocks.
 */
export interface TableBlock {
  type: 'table';
  block_id?: string;
  rows: TableCell[][];
  column_settings?: (TableColumnSetting | null)[];
}

export const mrkdwn = (text: string, max: number = LIMITS.sectionText): TextObject => ({ type: 'mrkdwn', text: fit(text, max) });
export const plain = (text: string, max: number): PlainText => ({
  type: 'plain_text',
  text: fit(text, max),
  emoji: true,
});

export function header(text: string): Block {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function section(text: string, opts: { blockId?: string; accessory?: Button } = {}): Block {
  return {
    type: 'section',
    text: mrkdwn(text),
    ...(opts.blockId ? { block_id: fit(opts.blockId, LIMITS.blockId) } : {}),
    ...(opts.accessory ? { accessory: opts.accessory } : {}),
  };
}

/**
 * Key figures as a two-column grid: at most 10 fields of bold label + value (plain text, escaped here).
 * `valueMax` keeps a message of many long figures within the message budget.
 */
export function fields(pairs: readonly { label: string; value: string }[], opts: { labelMax?: number; valueMax?: number } = {}): Block | undefined {
  if (pairs.length === 0) return undefined;
  return {
    type: 'section',
    fields: pairs.slice(0, LIMITS.fieldsPerSection).map((p) => {
      const label = escapeFit(p.label, opts.labelMax ?? 150);
      const room = LIMITS.fieldText - textLength(label) - 3;
      return mrkdwn(`*${label}*\n${escapeFit(p.value, Math.min(room, opts.valueMax ?? room))}`, LIMITS.fieldText);
    }),
  };
}

export function context(texts: readonly string[]): Block | undefined {
  const elements = texts.filter((t) => t.trim() !== '').slice(0, LIMITS.contextElements);
  return elements.length === 0 ? undefined : { type: 'context', elements: elements.map((t) => mrkdwn(t, LIMITS.sectionText)) };
}

export function button(text: string, actionId: string, value?: string, style?: 'primary' | 'danger'): Button {
  if (value !== undefined && textLength(value) > LIMITS.buttonValue) {
    // A cut value would be silently wrong when clicked; callers must send an id, not data.
    throw new RangeError(`button value longer than ${LIMITS.buttonValue} characters`);
  }
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: fit(actionId, LIMITS.actionId),
    ...(value !== undefined ? { value } : {}),
    ...(style ? { style } : {}),
  };
}

export function actions(buttons: readonly ActionElement[], blockId?: string): Block | undefined {
  if (buttons.length === 0) return undefined;
  // action_id must be unique within a block; the value tells same-kind buttons apart.
  const seen = new Map<string, number>();
  const elements = buttons.slice(0, LIMITS.actionsElements).map((b) => {
    const n = seen.get(b.action_id) ?? 0;
    seen.set(b.action_id, n + 1);
    return n === 0 ? b : { ...b, action_id: fit(`${b.action_id}:${n}`, LIMITS.actionId) };
  });
  return { type: 'actions', elements, ...(blockId ? { block_id: fit(blockId, LIMITS.blockId) } : {}) };
}

export function divider(): Block {
  return { type: 'divider' };
}

/**
 * A preformatted table in one section: lines are added while they fit 3000 characters, with a final
 * "… N more rows" line when some did not.
 */
export function codeTable(lines: readonly string[], max: number = LIMITS.sectionText, moreHint = ''): Block | undefined {
  if (lines.length === 0) return undefined;
  const fence = '```';
  const budget = max - 2 * fence.length - 2;
  const kept: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const cost = textLength(line) + 1;
    const moreNote = `… ${lines.length - i} more rows${moreHint}`;
    if (used + cost + (i < lines.length - 1 ? textLength(moreNote) + 1 : 0) > budget) {
      kept.push(moreNote);
      break;
    }
    kept.push(line);
    used += cost;
  }
  return { type: 'section', text: { type: 'mrkdwn', text: `${fence}\n${kept.join('\n')}\n${fence}` } };
}

/** Characters of text a block carries, as counted against the ~12k message budget. */
export function blockText(b: Block | TableBlock): number {
  switch (b.type) {
    case 'header':
      return textLength(b.text.text);
    case 'section':
      return textLength(b.text?.text ?? '') + (b.fields ?? []).reduce((s, f) => s + textLength(f.text), 0);
    case 'context':
      return b.elements.reduce((s, e) => s + textLength(e.text), 0);
    case 'actions':
      return b.elements.reduce(
        (s, e) =>
          s + (e.type === 'button' ? textLength(e.text.text) : textLength(e.placeholder.text) + e.options.reduce((t, o) => t + textLength(o.text.text), 0)),
        0,
      );
    case 'image':
      return textLength(b.alt_text);
    case 'table':
      return b.rows.reduce((s, r) => s + r.reduce((t, c) => t + textLength(c.text), 0), 0);
    default:
      return 0;
  }
}

/**
 * A message attachment carrying the answer's table. Slack's table block documentation ("Usage info"):
 * apps publish a table "by providing a table block in the attachments field of a chat.postMessage
 * request"; a table in top-level `blocks` is refused with invalid_blocks, and a second table in the
 * attachments with invalid_attachments. So a message has at most one of these, with one table.
 */
export interface MessageAttachment {
  blocks: [TableBlock];
}

export interface Message {
  text: string;
  blocks: Block[];
  /** At most one attachment, holding the message's one table block (shown after `blocks`). */
  attachments?: MessageAttachment[];
}

/** The message with `table` as its one attachment (replacing any table it had). */
export function withTable(m: Message, table: TableBlock | undefined): Message {
  const { attachments: _drop, ...rest } = m;
  return table ? { ...rest, attachments: [{ blocks: [table] }] } : rest;
}

/**
 * A whole message within Slack's limits: blanks removed, at most 50 blocks and ~12k characters of block
 * text (later blocks are dropped first, but the last block, usually the buttons, is kept), and the
 * notification `text` always set.
 */
export function message(text: string, blocks: readonly (Block | undefined)[], max: number = LIMITS.blocksPerMessage): Message {
  const present = blocks.filter((b): b is Block => b !== undefined);
  const last = present.length > 1 ? present[present.length - 1] : undefined;
  const body = last ? present.slice(0, -1) : present;
  const budget = LIMITS.messageBlockText - (last ? blockText(last) : 0);
  const kept: Block[] = [];
  let used = 0;
  for (const b of body) {
    if (kept.length >= max - (last ? 1 : 0)) break;
    const cost = blockText(b);
    if (used + cost > budget) break;
    kept.push(b);
    used += cost;
  }
  if (last) kept.push(last);
  return { text: fit(text, LIMITS.topLevelText, 'sales-bot'), blocks: kept };
}
