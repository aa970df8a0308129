import { AppError } from '../../lib/errors.js';

/** How many bad rows an error lists before it only counts the rest. */
export const MAX_LISTED_ERRORS = 50;

export interface RowError {
  line: number;
  text: string;
}

/**
 * Collects `line N: column: reason` problems with bounded memory: a file where every one of ten
 * million rows is bad still keeps only the first 50 messages plus a count.
 */
export class RowErrors {
  private readonly kept: RowError[] = [];
  private total = 0;

  add(line: number, column: string, reason: string): void {
    this.total++;
    if (this.kept.length < MAX_LISTED_ERRORS) this.kept.push({ line, text: `line ${line}: ${column}: ${reason}` });
  }

  /** Errors found by SQL: `listed` holds the first ones by line, `count` all of them. */
  addMany(listed: readonly RowError[], count: number): void {
    this.total += count;
    this.kept.push(...listed);
    this.kept.sort((a, b) => a.line - b.line);
    this.kept.length = Math.min(this.kept.length, MAX_LISTED_ERRORS);
  }

  get count(): number {
    return this.total;
  }

  /** The rows' messages in line order, then "… and K more". */
  details(): string[] {
    const lines = this.kept.map((e) => e.text);
    const more = this.total - lines.length;
    if (more > 0) lines.push(`… and ${more.toLocaleString('en-US')} more`);
    return lines;
  }

  /** The all-or-nothing failure: nothing was written, here is what to fix. */
  toError(what: string, hint?: string): AppError {
    const n = this.total;
    return new AppError(
      'IMPORT_INVALID',
      `${what}: ${n.toLocaleString('en-US')} problem${n === 1 ? '' : 's'} found; nothing was imported.`,
      { details: this.details(), hint: hint ?? 'Fix the rows listed below and import the file again.' },
    );
  }
}
