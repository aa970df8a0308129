import type { OutgoingMessage } from '../services/delivery/slack-poster.js';

/**
 * A message as it goes to Slack (declared with the SlackPoster port): notification text, top-level
 * blocks and, when it has a table, the one attachment that carries it. Slack's table block
 * documentation ("Usage info"): apps publish a table "by providing a table block in the attachments
 * field of a chat.postMessage request", one table per message; so every sender (chat.postMessage,
 * chat.update, response_url) passes `attachments` on.
 */
export type { OutgoingMessage };

/**
 * The Web API / response_url fields of a message. For chat.update (`replacing`), a message without a
 * table sends an empty `attachments`: Slack keeps a message's previous attachments when the field is
 * left out, so an updated message would otherwise keep a table it no longer has.
 */
export function messageFields(m: OutgoingMessage, opts: { replacing?: boolean } = {}): { text: string; blocks: never; attachments?: never } {
  const attachments = m.attachments && m.attachments.length > 0 ? m.attachments : opts.replacing ? [] : undefined;
  return { text: m.text, blocks: m.blocks as never, ...(attachments ? { attachments: attachments as never } : {}) };
}
