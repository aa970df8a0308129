/**
 * Checks a Slack message (or view) against Block Kit's limits (docs/slack.md). Returns every violation
 * found, so a test failure names them all. Independent of the builders it checks.
 */
const len = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

interface TextObj {
  type?: string;
  text?: unknown;
}

/**
 * Tables: Slack's table block documentation ("Usage info") has apps send a table "by providing a table
 * block in the attachments field of a chat.postMessage request", one table per message; so a table in
 * top-level `blocks` is a violation, and so is more than one table across the attachments. Attachments'
 * blocks are checked with the same limits as top-level ones and count toward the same text budget.
 */
export function blockKitViolations(msg: { text?: unknown; blocks?: unknown[]; attachments?: unknown }, opts: { view?: boolean } = {}): string[] {
  const problems: string[] = [];
  const blocks = (msg.blocks ?? []) as Record<string, unknown>[];
  const maxBlocks = opts.view ? 100 : 50;
  if (!opts.view) {
    if (typeof msg.text !== 'string' || msg.text.trim() === '') problems.push('top-level text missing or empty');
    else if (len(msg.text) > 40_000) problems.push('top-level text over 40000');
  }
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  let total = 0;
  let tables = 0;
  const text = (where: string, t: TextObj | undefined, max: number, required = true) => {
    if (t === undefined) {
      if (required) problems.push(`${where}: text missing`);
      return;
    }
    if (typeof t.text !== 'string' || t.text.trim() === '') problems.push(`${where}: empty text`);
    else if (len(t.text) > max) problems.push(`${where}: ${len(t.text)} chars (max ${max})`);
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') problems.push(`${where}: bad text type ${String(t.type)}`);
    total += len(t.text);
  };
  const idCheck = (where: string, id: unknown, max: number) => {
    if (id !== undefined && (typeof id !== 'string' || id === '' || len(id) > max)) problems.push(`${where}: bad id ${String(id)}`);
  };
  /**
   * Slack's table block (docs.slack.dev/reference/block-kit/blocks/table-block): 1..100 rows, each of
   * 1..20 cells, every row as wide as the header; cells raw_text (non-empty text) or rich_text;
   * column_settings at most 20 items, each null or { align: left|center|right, is_wrapped: boolean }.
   * Slack documents no cell length; 2000 is checked as a sanity bound.
   */
  const tableCheck = (at: string, b: Record<string, unknown>) => {
    const rows = b.rows as unknown;
    if (!Array.isArray(rows) || rows.length === 0 || rows.length > 100) {
      problems.push(`${at}: ${Array.isArray(rows) ? rows.length : 'no'} rows (1..100)`);
      if (!Array.isArray(rows)) return;
    }
    const width = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 0;
    (rows as unknown[]).forEach((row, r) => {
      if (!Array.isArray(row) || row.length === 0 || row.length > 20) {
        problems.push(`${at} row ${r}: ${Array.isArray(row) ? row.length : 'no'} cells (1..20)`);
        return;
      }
      if (row.length !== width) problems.push(`${at} row ${r}: ${row.length} cells, header has ${width}`);
      (row as Record<string, unknown>[]).forEach((c, j) => {
        const where = `${at} row ${r} cell ${j}`;
        if (c?.type === 'raw_text') {
          if (typeof c.text !== 'string' || c.text.trim() === '') problems.push(`${where}: empty raw_text`);
          else if (len(c.text) > 2000) problems.push(`${where}: ${len(c.text)} chars`);
          total += len(c.text);
        } else if (c?.type === 'rich_text') {
          if (!Array.isArray(c.elements) || c.elements.length === 0) problems.push(`${where}: rich_text without elements`);
        } else problems.push(`${where}: bad cell type ${String(c?.type)}`);
      });
    });
    const settings = b.column_settings as unknown;
    if (settings !== undefined) {
      if (!Array.isArray(settings) || settings.length > 20) problems.push(`${at}: column_settings must be an array of at most 20`);
      else
        (settings as (Record<string, unknown> | null)[]).forEach((c, j) => {
          if (c === null) return;
          if (c.align !== undefined && !['left', 'center', 'right'].includes(String(c.align))) problems.push(`${at} column ${j}: bad align ${String(c.align)}`);
          if (c.is_wrapped !== undefined && typeof c.is_wrapped !== 'boolean') problems.push(`${at} column ${j}: is_wrapped must be boolean`);
          const extra = Object.keys(c).filter((k) => k !== 'align' && k !== 'is_wrapped');
          if (extra.length > 0) problems.push(`${at} column ${j}: unknown settings ${extra.join(', ')}`);
        });
    }
  };
  const checkBlock = (b: Record<string, unknown>, i: number, where: 'top' | number) => {
    const at = `${where === 'top' ? '' : `attachment ${where} `}block ${i} (${String(b.type)})`;
    idCheck(`${at} block_id`, b.block_id, 255);
    switch (b.type) {
      case 'header':
        text(at, b.text as TextObj, 150);
        if ((b.text as TextObj | undefined)?.type !== 'plain_text') problems.push(`${at}: header text must be plain_text`);
        break;
      case 'section': {
        const fields = b.fields as TextObj[] | undefined;
        if (b.text === undefined && !fields?.length) problems.push(`${at}: section needs text or fields`);
        text(at, b.text as TextObj | undefined, 3000, false);
        if (fields) {
          if (fields.length > 10) problems.push(`${at}: ${fields.length} fields (max 10)`);
          fields.forEach((f, j) => text(`${at} field ${j}`, f, 2000));
        }
        break;
      }
      case 'context': {
        const els = (b.elements as TextObj[]) ?? [];
        if (els.length === 0 || els.length > 10) problems.push(`${at}: ${els.length} elements (1..10)`);
        els.forEach((e, j) => (e.type === 'image' ? undefined : text(`${at} element ${j}`, e, 3000)));
        break;
      }
      case 'actions': {
        const els = (b.elements as Record<string, unknown>[]) ?? [];
        if (els.length === 0 || els.length > 25) problems.push(`${at}: ${els.length} elements (1..25)`);
        const ids = new Set<string>();
        els.forEach((e, j) => {
          const where = `${at} element ${j}`;
          if (e.type === 'button') {
            text(where, e.text as TextObj, 75);
            if (typeof e.value === 'string' && len(e.value) > 2000) problems.push(`${where}: value over 2000`);
          }
          idCheck(`${where} action_id`, e.action_id, 255);
          if (typeof e.action_id === 'string') {
            if (ids.has(e.action_id)) problems.push(`${where}: duplicate action_id ${e.action_id}`);
            ids.add(e.action_id);
          }
        });
        break;
      }
      case 'image':
        if (typeof b.alt_text !== 'string' || b.alt_text === '' || len(b.alt_text) > 2000) problems.push(`${at}: bad alt_text`);
        if (!b.image_url && !b.slack_file) problems.push(`${at}: image needs image_url or slack_file`);
        break;
      case 'divider':
        break;
      case 'table':
        if (opts.view) problems.push(`${at}: table blocks are for messages only`);
        else if (where === 'top') problems.push(`${at}: a table goes in attachments, not top-level blocks (Slack refuses it: invalid_blocks)`);
        else tables++;
        tableCheck(at, b);
        break;
      default:
        problems.push(`${at}: unknown block type`);
    }
  };
  blocks.forEach((b, i) => checkBlock(b, i, 'top'));
  if (msg.attachments !== undefined) {
    if (opts.view) problems.push('views take no attachments');
    else if (!Array.isArray(msg.attachments)) problems.push('attachments must be an array');
    else {
      if (msg.attachments.length > 20) problems.push(`${msg.attachments.length} attachments (max 20)`);
      (msg.attachments as Record<string, unknown>[]).forEach((a, j) => {
        const inner = a?.blocks;
        if (!Array.isArray(inner) || inner.length === 0) {
          problems.push(`attachment ${j}: no blocks`);
          return;
        }
        if (inner.length > 50) problems.push(`attachment ${j}: ${inner.length} blocks (max 50)`);
        (inner as Record<string, unknown>[]).forEach((b, i) => checkBlock(b, i, j));
      });
    }
  }
  if (tables > 1) problems.push(`${tables} table blocks in attachments (Slack allows one per message: invalid_attachments)`);
  if (!opts.view && total > 12_000) problems.push(`block text totals ${total} chars (keep under 12000)`);
  return problems;
}
