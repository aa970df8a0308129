/**
 * The import contract (docs/data-formats.md) as data: which columns each kind has, which are required,
 * and how each value is checked before it reaches the database.
 */

import { DEFAULT_TEXT_CAP, MULTILINE_COLUMNS, TEXT_CAPS } from './text-caps.js';

/** Every kind, parents before children: importing in this order never meets an unknown reference. */
export const IMPORT_KINDS = ['salesmen', 'customers', 'products', 'sales', 'leads', 'activities', 'targets'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * id/text: free text (escaped for COPY); timestamp: ISO-8601 date or date-time; numeric: decimal text
 * (kept as text, never a float); int, double, bool; enum: one of `values`, case-insensitive.
 */
export type FieldType = 'id' | 'text' | 'timestamp' | 'numeric' | 'int' | 'double' | 'bool' | 'enum';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** The column must be in the header and every row must have a value. */
  readonly required?: boolean;
  readonly values?: readonly string[];
  /** numeric: most digits before the decimal point the target column holds. */
  readonly intDigits?: number;
  /** numeric/double: inclusive range. */
  readonly min?: number;
  readonly max?: number;
  /**
   * Staged as the checked text and cast by the merge where needed: a timestamp with a time zone costs
   * the server more to read than the rest of a sales line, and sales need one per order, not per line.
   */
  readonly castLater?: boolean;
  /** id/text: most characters a value may have (from TEXT_CAPS). */
  readonly maxLength?: number;
  /** text: tab, CR and LF are allowed (free text that may span lines). */
  readonly multiline?: boolean;
}

/**
 * Rows that belong together (sales: the lines of one order) and the fields they must agree on. Files
 * list such rows next to each other; the importer numbers those runs while reading, which lets the
 * database skip grouping the whole file when every group turns out to be one run.
 */
export interface GroupSpec {
  readonly key: string;
  readonly same: readonly string[];
  /**
   * A field the rows may disagree on, the group taking the earliest value: real exports stamp an
   * order's lines seconds or minutes apart (data-formats.md), and that is no reason to refuse them.
   */
  readonly earliest?: string;
}

export interface KindSpec {
  readonly kind: ImportKind;
  /** Singular and plural noun for messages ("sales line", "sales lines"). */
  readonly noun: readonly [string, string];
  readonly fields: readonly FieldSpec[];
  readonly group?: GroupSpec;
}

const capOf = (name: string): number => TEXT_CAPS[name] ?? DEFAULT_TEXT_CAP;
const id = (name: string, required = false): FieldSpec => ({ name, type: 'id', required, maxLength: capOf(name) });
const text = (name: string, required = false): FieldSpec => ({
  name,
  type: 'text',
  required,
  maxLength: capOf(name),
  ...(MULTILINE_COLUMNS.has(name) ? { multiline: true } : {}),
});
const ts = (name: string, required = false): FieldSpec => ({ name, type: 'timestamp', required });

export const KIND_SPECS: Readonly<Record<ImportKind, KindSpec>> = {
  salesmen: {
    kind: 'salesmen',
    noun: ['salesman', 'salesmen'],
    fields: [
      id('salesman_id', true),
      text('name', true),
      text('email'),
      text('slack_user_id'),
      text('region'),
      id('manager_id'),
      { name: 'active', type: 'bool' },
    ],
  },
  customers: {
    kind: 'customers',
    noun: ['customer', 'customers'],
    fields: [
      id('customer_id', true),
      text('name', true),
      text('email'),
      text('city'),
      text('region'),
      text('country'),
      { name: 'latitude', type: 'double', min: -90, max: 90 },
      { name: 'longitude', type: 'double', min: -180, max: 180 },
      id('salesman_id'),
      ts('created_at'),
    ],
  },
  products: {
    kind: 'products',
    noun: ['product', 'products'],
    fields: [
      id('product_id', true),
      text('name', true),
      text('sku'),
      text('category'),
      { name: 'unit_price', type: 'numeric', intDigits: 10 },
      { name: 'unit_cost', type: 'numeric', intDigits: 10 },
      { name: 'stock_qty', type: 'int' },
      { name: 'active', type: 'bool' },
    ],
  },
  sales: {
    kind: 'sales',
    noun: ['sales line', 'sales lines'],
    group: { key: 'order_id', same: ['customer_id', 'salesman_id'], earliest: 'ordered_at' },
    fields: [
      id('order_id', true),
      { ...ts('ordered_at', true), castLater: true },
      id('customer_id', true),
      id('product_id', true),
      { name: 'quantity', type: 'numeric', required: true, intDigits: 11 },
      { name: 'unit_price', type: 'numeric', required: true, intDigits: 10 },
      { name: 'line_no', type: 'int', min: 1 },
      id('salesman_id'),
      { name: 'discount', type: 'numeric', intDigits: 1, min: 0, max: 1 },
      { name: 'amount', type: 'numeric', intDigits: 12 },
    ],
  },
  leads: {
    kind: 'leads',
    noun: ['lead row', 'lead rows'],
    fields: [
      id('lead_id', true),
      ts('created_at', true),
      { name: 'stage', type: 'enum', required: true, values: ['lead', 'opportunity', 'won', 'lost'] },
      id('customer_id'),
      id('salesman_id'),
      text('source'),
      { name: 'value', type: 'numeric', intDigits: 12 },
      ts('stage_changed_at'),
      text('lost_reason'),
      // A date, read like every other date here (offset-less → SALES_TZ); the merge keeps its local day.
      ts('expected_close'),
      { name: 'amount', type: 'numeric', intDigits: 12 },
    ],
  },
  activities: {
    kind: 'activities',
    noun: ['activity', 'activities'],
    fields: [
      id('activity_id', true),
      ts('occurred_at', true),
      id('salesman_id', true),
      { name: 'kind', type: 'enum', required: true, values: ['visit', 'call', 'email', 'meeting'] },
      id('customer_id'),
      text('notes'),
      text('outcome'),
    ],
  },
  targets: {
    kind: 'targets',
    noun: ['target', 'targets'],
    fields: [
      // Month or quarter: its shape is checked with the row's other scope rules (merge-targets.ts).
      text('period', true),
      { name: 'metric', type: 'enum', required: true, values: ['revenue', 'orders', 'new_customers'] },
      { name: 'amount', type: 'numeric', required: true, intDigits: 14, min: 0 },
      text('region'),
      text('category'),
      id('salesman_id'),
    ],
  },
};

/** Postgres type of a staging column; COPY casts the validated text into it. */
export function stagingType(field: FieldSpec): string {
  if (field.castLater) return 'text';
  switch (field.type) {
    case 'timestamp':
      return 'timestamptz';
    case 'numeric':
      return 'numeric';
    case 'int':
      return 'int';
    case 'double':
      return 'float8';
    case 'bool':
      return 'boolean';
    default:
      return 'text';
  }
}

/** "order_id, ordered_at, …" for help texts and missing-column errors. */
export function describeColumns(kind: ImportKind): { required: string[]; optional: string[] } {
  const fields = KIND_SPECS[kind].fields;
  return {
    required: fields.filter((f) => f.required).map((f) => f.name),
    optional: fields.filter((f) => !f.required).map((f) => f.name),
  };
}

export function isImportKind(value: string): value is ImportKind {
  return (IMPORT_KINDS as readonly string[]).includes(value);
}
