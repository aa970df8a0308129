/**
 * C0 controls other than tab, line feed and carriage return (which Slack and shells produce as ordinary
 * white space), DEL, and the C1 controls. None has a meaning in a command or a filter value, and
 * PostgreSQL refuses a NUL in any text parameter, which turned a stray NUL into "Something went wrong".
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** The first control character in `text`, as `U+0000`, or undefined when there is none. */
export function controlCharIn(text: string): string | undefined {
  const m = CONTROL.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

/** The sentence a person reads, naming where the character was (`that command`, `parameter region`). */
export function controlCharSentence(where: string, code: string): string {
  return `${where} contains a control character (${code}); type it again as plain text.`;
}
