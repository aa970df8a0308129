/** A request that could not be read: what went wrong, a likely fix, and how to write it. */
export interface UsageError {
  message: string;
  /** How to write the request (one or more lines, plain text with backticks). */
  usage: string;
  /** The command word the usage is about (a report name, `log`, `admin`, …). */
  command?: string;
  /** "Did you mean …": a corrected word or token. */
  suggestion?: string;
}

/** A usage error as one plain sentence (CLI and HTTP answers), with its suggestion. */
export function usageSentence(u: UsageError): string {
  return `${u.message}${u.suggestion ? ` Did you mean ${u.suggestion}?` : ''}`;
}

/** Long user text is cut in messages so a pasted essay does not become the error. */
export function clip(text: string, max = 60): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
