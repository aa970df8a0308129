import type { Database } from '../../src/db/client.js';
import type { ImportKind } from '../../src/db/import/import-csv.js';
import { loadFixture, type FixtureFiles } from './fixtures.js';

/**
 * Test data written as data: `seed().customer('A', { name: 'Alpha' }).sale({ order: 1, on: '2024-03-30',
 * customer: 'A', price: 500 }).load(database)`. It ends in CSV text and `loadFixture`, the same import
 * path as `sales-bot import`, so every fixture still passes the import's checks and merges; only the
 * headers and commas are written for you. A file's header holds just the columns some row sets, so a
 * column no row mentions stays absent (the import then keeps the database default), exactly as a
 * hand-written CSV without it. Tests whose CSV text is itself under test keep writing CSV.
 */

/** A decimal: a number, or text where its exact digits matter (numeric columns keep the scale). */
export type Decimal = number | string;

export interface SalesmanFields {
  name?: string;
  email?: string;
  slackUser?: string;
  region?: string;
  manager?: string;
  active?: boolean;
}

export interface CustomerFields {
  name?: string;
  email?: string;
  city?: string;
  region?: string;
  country?: string;
  latitude?: number;
  longitude?: number;
  salesman?: string;
  createdAt?: string;
}

export interface ProductFields {
  name?: string;
  sku?: string;
  category?: string;
  price?: Decimal;
  cost?: Decimal;
  stock?: number;
  active?: boolean;
}

/** One sales line; the lines of an order share `order`, `on`, `customer` and `salesman`. */
export interface SaleLine {
  order: string | number;
  /** ISO date or date-time. */
  on: string;
  customer: string;
  /** Defaults to the default product `P` ("Paper"), added to the products when no product `P` is. */
  product?: string;
  /** Defaults to 1. */
  qty?: Decimal;
  price: Decimal;
  line?: number;
  salesman?: string;
  discount?: Decimal;
  amount?: Decimal;
}

/** One row of a lead's history: the stage it entered `changed` (or at `created`). */
export interface LeadRow {
  lead: string;
  created: string;
  stage: 'lead' | 'opportunity' | 'won' | 'lost';
  customer?: string;
  salesman?: string;
  source?: string;
  value?: Decimal;
  changed?: string;
  lostReason?: string;
  expectedClose?: string;
  amount?: Decimal;
}

export interface ActivityRow {
  id: string;
  at: string;
  salesman: string;
  kind: 'visit' | 'call' | 'email' | 'meeting';
  customer?: string;
  notes?: string;
  outcome?: string;
}

/** A sales target; at most one of region, category, salesman (none = the company). */
export interface TargetRow {
  period: string;
  metric: 'revenue' | 'orders' | 'new_customers';
  amount: Decimal;
  region?: string;
  category?: string;
  salesman?: string;
}

type Cell = string | number | boolean | undefined;
type Row = Record<string, Cell>;

/** Field → CSV column per kind, in the import's field order (src/db/import/kinds.ts). */
const COLUMNS = {
  salesmen: { id: 'salesman_id', name: 'name', email: 'email', slackUser: 'slack_user_id', region: 'region', manager: 'manager_id', active: 'active' },
  customers: {
    id: 'customer_id',
    name: 'name',
    email: 'email',
    city: 'city',
    region: 'region',
    country: 'country',
    latitude: 'latitude',
    longitude: 'longitude',
    salesman: 'salesman_id',
    createdAt: 'created_at',
  },
  products: { id: 'product_id', name: 'name', sku: 'sku', category: 'category', price: 'unit_price', cost: 'unit_cost', stock: 'stock_qty', active: 'active' },
  sales: {
    order: 'order_id',
    on: 'ordered_at',
    customer: 'customer_id',
    product: 'product_id',
    qty: 'quantity',
    price: 'unit_price',
    line: 'line_no',
    salesman: 'salesman_id',
    discount: 'discount',
    amount: 'amount',
  },
  leads: {
    lead: 'lead_id',
    created: 'created_at',
    stage: 'stage',
    customer: 'customer_id',
    salesman: 'salesman_id',
    source: 'source',
    value: 'value',
    changed: 'stage_changed_at',
    lostReason: 'lost_reason',
    expectedClose: 'expected_close',
    amount: 'amount',
  },
  activities: { id: 'activity_id', at: 'occurred_at', salesman: 'salesman_id', kind: 'kind', customer: 'customer_id', notes: 'notes', outcome: 'outcome' },
  targets: { period: 'period', metric: 'metric', amount: 'amount', region: 'region', category: 'category', salesman: 'salesman_id' },
} as const satisfies Record<ImportKind, Record<string, string>>;

/** The product a sale without `product` is of. */
export const DEFAULT_PRODUCT = { id: 'P', name: 'Paper' } as const;

function cell(value: Cell): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text of `rows`: a column for every field some row sets (`''` counts as set), blank where unset. */
function toCsv(columns: Readonly<Record<string, string>>, rows: readonly Row[]): string {
  const used = Object.keys(columns).filter((field) => rows.some((r) => r[field] !== undefined));
  const lines = [used.map((f) => columns[f]).join(',')];
  for (const r of rows) lines.push(used.map((f) => cell(r[f])).join(','));
  return lines.join('\n') + '\n';
}

export class Seed {
  private readonly rows: Record<ImportKind, Row[]> = { salesmen: [], customers: [], products: [], sales: [], leads: [], activities: [], targets: [] };
  private usesDefaultProduct = false;

  /** `name` defaults to "Salesman <id>". */
  salesman(id: string, fields: SalesmanFields = {}): this {
    this.rows.salesmen.push({ name: `Salesman ${id}`, ...fields, id });
    return this;
  }

  /** `name` defaults to "Customer <id>". */
  customer(id: string, fields: CustomerFields = {}): this {
    this.rows.customers.push({ name: `Customer ${id}`, ...fields, id });
    return this;
  }

  /** `name` defaults to "Product <id>". */
  product(id: string, fields: ProductFields = {}): this {
    this.rows.products.push({ name: `Product ${id}`, ...fields, id });
    return this;
  }

  sale(line: SaleLine): this {
    if (line.product === undefined) this.usesDefaultProduct = true;
    this.rows.sales.push({ ...line, product: line.product ?? DEFAULT_PRODUCT.id, qty: line.qty ?? 1 });
    return this;
  }

  lead(row: LeadRow): this {
    this.rows.leads.push({ ...row });
    return this;
  }

  activity(row: ActivityRow): this {
    this.rows.activities.push({ ...row });
    return this;
  }

  target(row: TargetRow): this {
    this.rows.targets.push({ ...row });
    return this;
  }

  /** The CSV text per kind, for code that takes `FixtureFiles`; kinds without rows are left out. */
  files(): FixtureFiles {
    const rows = { ...this.rows };
    if (this.usesDefaultProduct && !rows.products.some((p) => p.id === DEFAULT_PRODUCT.id)) {
      rows.products = [{ ...DEFAULT_PRODUCT }, ...rows.products];
    }
    const files: FixtureFiles = {};
    for (const kind of Object.keys(COLUMNS) as ImportKind[]) {
      if (rows[kind].length > 0) files[kind] = toCsv(COLUMNS[kind], rows[kind]);
    }
    return files;
  }

  /** Imports the rows through `loadFixture` (the real import, then the analytics refresh). */
  load(database: Database, opts?: Parameters<typeof loadFixture>[2]): Promise<void> {
    return loadFixture(database, this.files(), opts);
  }
}

export function seed(): Seed {
  return new Seed();
}
