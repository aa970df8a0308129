/**
 * One piece of a report request as a door hands it over: a `key → value` pair (a filter, an option,
 * `as-of`, `limit`) or a word (a report name, plain words, a quoted name, `public`). Slack text and CLI
 * words arrive as tokens and are split by {@link partOf}; HTTP query pairs are pairs already, so no
 * door writes text for another to read back.
 */
export type RequestPart = { kind: 'pair'; key: string; value: string } | { kind: 'word'; word: string };

export const word = (w: string): RequestPart => ({ kind: 'word', word: w });

/**
 * A typed token as a part: `key:value` is a pair (the key is what comes before the first colon); a link
 * (`https://…`) or a Slack mention (`<@U…>`, `<#C…>`, `<!here>`) is a word, as is anything without a key.
 */
export function partOf(token: string): RequestPart {
  const colon = token.indexOf(':');
  if (colon <= 0 || /^https?:/i.test(token) || /^<[@#!]/.test(token)) return word(token);
  return { kind: 'pair', key: token.slice(0, colon), value: token.slice(colon + 1) };
}

/** The part as the person wrote it, for messages. */
export function partText(part: RequestPart): string {
  return part.kind === 'word' ? part.word : `${part.key}:${part.value}`;
}
