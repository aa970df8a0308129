/**
 * A Slack user as written in command text. With `should_escape: true` (manifest.yml) a person picked
 * from the autocomplete arrives as `<@U123ABC|name>` (or `<@U123ABC>`); a typed `@name` arrives as is and
 * names nobody reliably, so it is refused with a hint. A bare user id (`U123ABC`) is accepted for admins
 * who paste one.
 */
export type UserRef = { kind: 'user'; userId: string } | { kind: 'bare'; text: string } | { kind: 'none' };

export function readUser(token: string): UserRef {
  const mention = /^<@([UW][A-Z0-9]{2,40})(?:\|[^>]*)?>$/.exec(token);
  if (mention) return { kind: 'user', userId: mention[1]! };
  if (/^[UW][A-Z0-9]{6,40}$/.test(token)) return { kind: 'user', userId: token };
  if (token.startsWith('@') && token.length > 1) return { kind: 'bare', text: token };
  return { kind: 'none' };
}

/** A channel picked from the autocomplete: `<#C123ABC|name>` or `<#C123ABC>`. */
export function readChannel(token: string): string | undefined {
  return /^<#([CG][A-Z0-9]{2,40})(?:\|[^>]*)?>$/.exec(token)?.[1];
}
