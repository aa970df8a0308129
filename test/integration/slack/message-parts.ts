/** Small readers over recorded Slack messages, so tests click what the app really sent. */
export type Msg = Record<string, unknown>;

interface Element {
  type: string;
  action_id: string;
  value?: string;
  options?: { value: string; text: { text: string } }[];
  text?: { text: string };
}

export function elements(msg: Msg): Element[] {
  const blocks = (msg.blocks as { type: string; elements?: Element[]; accessory?: Element }[] | undefined) ?? [];
  const out: Element[] = [];
  for (const b of blocks) {
    if (b.type === 'actions') out.push(...(b.elements ?? []));
    if (b.accessory) out.push(b.accessory);
  }
  return out;
}

/** Every clickable value for an action id (buttons' values and select options' values). */
export function actionValues(msg: Msg, actionId: string): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  for (const e of elements(msg)) {
    if (e.action_id !== actionId && !e.action_id.startsWith(`${actionId}:`)) continue;
    if (e.value !== undefined) out.push({ label: e.text?.text ?? '', value: e.value });
    for (const o of e.options ?? []) out.push({ label: o.text.text, value: o.value });
  }
  return out;
}

export function imageFileId(msg: Msg): string | undefined {
  const blocks = (msg.blocks as { type: string; slack_file?: { id?: string } }[] | undefined) ?? [];
  return blocks.find((b) => b.type === 'image')?.slack_file?.id;
}

export const text = (msg: Msg): string => JSON.stringify(msg);
