/**
 * Checks a Slack message (or view) against Block Kit's limits (docs/slack.md). Returns every violation
 * found, so a test failure names them all. Independent of the builders it checks.
 */
const len = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

interface TextObj {
  type?: string;
  text?: unknown;
}

export function blockKitViolations(msg: { text?: unknown; blocks?: unknown[] }, opts: { view?: boolean } = {}): string[] {
  const problems: string[] = [];
  const blocks = (msg.blocks ?? []) as Record<string, unknown>[];
  const maxBlocks = opts.view ? 100 : 50;
  if (!opts.view) {
    if (typeof msg.text !== 'string' || msg.text.trim() === '') problems.push('top-level text missing or empty');
    else if (len(msg.text) > 40_000) problems.push('top-level text over 40000');
  }
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks (max ${maxBlocks})`);
  let total = 0;
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
  blocks.forEach((b, i) => {
    const at = `block ${i} (${String(b.type)})`;
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
      default:
        problems.push(`${at}: unknown block type`);
    }
  });
  if (!opts.view && total > 12_000) problems.push(`block text totals ${total} chars (keep under 12000)`);
  return problems;
}
