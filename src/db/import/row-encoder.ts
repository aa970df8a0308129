import { AppError } from '../../lib/errors.js';
import { COPY_NULL, encodeValue, INVALID, invalidReason, trimCell } from './field-checks.js';
import { describeColumns, type FieldSpec, type KindSpec } from './kinds.js';
import type { RowErrors } from './row-errors.js';

/**
 * Turns CSV records into lines of COPY text for the staging table. Built from the header row: only the
 * columns the file has are staged (so an absent optional column never overwrites stored values), and
 * every staged line starts with the record's line number in the file for error messages and ordering.
 */
export class RowEncoder {
  /** Staging columns in COPY order: `line`, then the file's known columns. */
  readonly columns: readonly string[];
  /** Field names present in the header. */
  readonly present: ReadonlySet<string>;
  private readonly fields: readonly FieldSpec[];
  private readonly indexes: Int32Array;
  private readonly headerWidth: number;

  constructor(spec: KindSpec, header: readonly string[]) {
    const names = header.map((h) => h.trim().toLowerCase());
    const fields: FieldSpec[] = [];
    const indexes: number[] = [];
    for (const f of spec.fields) {
      const at = names.indexOf(f.name);
      if (at >= 0) {
        fields.push(f);
        indexes.push(at);
      }
    }
    const missing = spec.fields.filter((f) => f.required && !names.includes(f.name)).map((f) => f.name);
    if (missing.length > 0) {
      const { required, optional } = describeColumns(spec.kind);
      throw new AppError(
        'IMPORT_INVALID',
        `The ${spec.kind} file lacks required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (header, line 1); nothing was imported.`,
        {
          hint: `A ${spec.kind} file needs the columns ${required.join(', ')}; optional: ${optional.join(', ')}. Names are case-insensitive, order is free.`,
          details: [`line 1: header: found ${names.filter(Boolean).join(', ') || 'no columns'}`],
        },
      );
    }
    this.fields = fields;
    this.indexes = Int32Array.from(indexes);
    this.headerWidth = header.length;
    this.columns = ['line', ...fields.map((f) => f.name)];
    this.present = new Set(fields.map((f) => f.name));
  }

  /**
   * One record → one COPY line (with trailing newline), or null when a value is bad; every problem of
   * the row goes to `errors` so a user sees them all in one run.
   */
  encode(record: readonly string[], line: number, errors: RowErrors): string | null {
    if (record.length < this.headerWidth) {
      errors.add(line, 'row', `has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${this.headerWidth}`);
      return null;
    }
    let out = String(line);
    let ok = true;
    const fields = this.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const cell = trimCell(record[this.indexes[i]!]!);
      if (cell.length === 0) {
        if (f.required) {
          errors.add(line, f.name, 'is required');
          ok = false;
        }
        out += '\t' + COPY_NULL;
        continue;
      }
      const v = encodeValue(f, cell);
      if (v === INVALID) {
        errors.add(line, f.name, invalidReason(f, cell));
        ok = false;
        continue;
      }
      out += '\t' + v;
    }
    return ok ? out + '\n' : null;
  }
}
