import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { ImportKind } from '../../src/db/import/import-csv.js';

/** The shared public datasets (read-only; see its README), next to the repository. */
export const DATASETS_DIR = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));

/** Files in import format, in the order they must be imported (people and products before sales). */
export interface ConvertedDataset {
  dir: string;
  files: { kind: ImportKind; path: string }[];
  /** Path of the file of one kind (throws if the dataset has none). */
  file(kind: ImportKind): string;
}

type Row = Record<string, string>;
type Cell = string | number | boolean | null | undefined;

/** Reads one of the shared CSV files (with a header) as objects keyed by column name. */
export function readDatasetCsv(relativePath: string): Row[] {
  return parse(readFileSync(join(DATASETS_DIR, relativePath)), { columns: true, bom: true, skip_empty_lines: true }) as Row[];
}

function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(path: string, header: readonly string[], rows: Iterable<readonly Cell[]>): void {
  const out = [header.join(',')];
  for (const r of rows) out.push(r.map(csvCell).join(','));
  const text = out.join('\n') + '\n';
  writeFileSync(path, path.endsWith('.gz') ? gzipSync(text) : text);
}

function converted(dir: string, files: { kind: ImportKind; path: string }[]): ConvertedDataset {
  return {
    dir,
    files,
    file(kind) {
      const f = files.find((x) => x.kind === kind);
      if (!f) throw new Error(`dataset in ${dir} has no ${kind} file`);
      return f.path;
    },
  };
}

function tempDir(name: string, dir?: string): string {
  return dir ?? mkdtempSync(join(tmpdir(), `salesbot-${name}-`));
}

/** Decimal text → a number with at most 4 decimals, as text (unit prices derived from totals). */
const price4 = (n: number): string => (Math.round(n * 10_000) / 10_000).toString();

/**
 * Northwind: employees → salesmen, customers, products (category names from categories.csv), and
 * order_details joined with orders → one sales line each (ordered_at = order_date, salesman = employee).
 * Line revenue = unit_price × quantity × (1 − discount), which is the importer's default amount.
 */
export function convertNorthwind(dir?: string): ConvertedDataset {
  const out = tempDir('northwind', dir);
  const employees = readDatasetCsv('northwind/employees.csv');
  const customers = readDatasetCsv('northwind/customers.csv');
  const categories = new Map(readDatasetCsv('northwind/categories.csv').map((c) => [c.category_id!, c.category_name!]));
  const products = readDatasetCsv('northwind/products.csv');
  const orders = new Map(readDatasetCsv('northwind/orders.csv').map((o) => [o.order_id!, o]));
  const details = readDatasetCsv('northwind/order_details.csv');
  const files = [
    { kind: 'salesmen' as const, path: join(out, 'salesmen.csv') },
    { kind: 'customers' as const, path: join(out, 'customers.csv') },
    { kind: 'products' as const, path: join(out, 'products.csv') },
    { kind: 'sales' as const, path: join(out, 'sales.csv') },
  ];
  writeCsv(
    files[0]!.path,
    ['salesman_id', 'name', 'region', 'manager_id'],
    employees.map((e) => [e.employee_id, `${e.first_name} ${e.last_name}`, e.region || e.country, e.reports_to]),
  );
  writeCsv(
    files[1]!.path,
    ['customer_id', 'name', 'city', 'region', 'country'],
    customers.map((c) => [c.customer_id, c.company_name, c.city, c.region, c.country]),
  );
  writeCsv(
    files[2]!.path,
    ['product_id', 'name', 'category', 'unit_price', 'stock_qty', 'active'],
    products.map((p) => [p.product_id, p.product_name, categories.get(p.category_id!), p.unit_price, p.units_in_stock, p.discontinued !== '1']),
  );
  writeCsv(
    files[3]!.path,
    ['order_id', 'ordered_at', 'customer_id', 'salesman_id', 'product_id', 'quantity', 'unit_price', 'discount'],
    details.map((d) => {
      const o = orders.get(d.order_id!)!;
      return [d.order_id, o.order_date, o.customer_id, o.employee_id, d.product_id, d.quantity, d.unit_price, d.discount];
    }),
  );
  return converted(out, files);
}

/**
 * Tableau Superstore: customers (city, state, region, country; first row wins, the state rides along as
 * an ignored column), products (category, sub-category; first name wins for the 32 ids with two names),
 * sales lines with amount = the Sales column (unit_price = Sales / Quantity, informative only).
 */
export function convertSuperstore(dir?: string): ConvertedDataset {
  const out = tempDir('superstore', dir);
  const rows = readDatasetCsv('superstore/superstore.csv');
  const customers = new Map<string, Row>();
  const products = new Map<string, Row>();
  for (const r of rows) {
    if (!customers.has(r['Customer ID']!)) customers.set(r['Customer ID']!, r);
    if (!products.has(r['Product ID']!)) products.set(r['Product ID']!, r);
  }
  const files = [
    { kind: 'customers' as const, path: join(out, 'customers.csv') },
    { kind: 'products' as const, path: join(out, 'products.csv') },
    { kind: 'sales' as const, path: join(out, 'sales.csv') },
  ];
  writeCsv(
    files[0]!.path,
    ['customer_id', 'name', 'city', 'state', 'region', 'country', 'segment'],
    [...customers.values()].map((r) => [r['Customer ID'], r['Customer Name'], r.City, r.State, r.Region, r.Country, r.Segment]),
  );
  writeCsv(
    files[1]!.path,
    ['product_id', 'name', 'category', 'sub_category'],
    [...products.values()].map((r) => [r['Product ID'], r['Product Name'], r.Category, r['Sub-Category']]),
  );
  writeCsv(
    files[2]!.path,
    ['order_id', 'ordered_at', 'customer_id', 'product_id', 'quantity', 'unit_price', 'discount', 'amount'],
    rows.map((r) => [
      r['Order ID'],
      r['Order Date'],
      r['Customer ID'],
      r['Product ID'],
      r.Quantity,
      price4(Number(r.Sales) / Number(r.Quantity)),
      r.Discount,
      r.Sales,
    ]),
  );
  return converted(out, files);
}

/** One customer and one product for datasets that have neither (time series, single-item data). */
function singleParties(out: string, customer: [string, string], product: [string, string]): { kind: ImportKind; path: string }[] {
  const files = [
    { kind: 'customers' as const, path: join(out, 'customers.csv') },
    { kind: 'products' as const, path: join(out, 'products.csv') },
  ];
  writeCsv(files[0]!.path, ['customer_id', 'name'], [customer]);
  writeCsv(files[1]!.path, ['product_id', 'name'], [product]);
  return files;
}

/**
 * CDNOW 1/10 sample (the literature's 2,357 customers): customer = sample id (column 2), one order per
 * row (order id = row number), date yyyymmdd, quantity = CDs, amount = dollars, a single product "CD".
 */
export function convertCdnowSample(dir?: string): ConvertedDataset {
  const out = tempDir('cdnow', dir);
  const rows = readFileSync(join(DATASETS_DIR, 'cdnow/CDNOW_sample.txt'), 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/\s+/));
  const ids = [...new Set(rows.map((r) => String(Number(r[1]))))];
  const files = [
    { kind: 'customers' as const, path: join(out, 'customers.csv') },
    { kind: 'products' as const, path: join(out, 'products.csv') },
    { kind: 'sales' as const, path: join(out, 'sales.csv') },
  ];
  writeCsv(files[0]!.path, ['customer_id', 'name'], ids.map((id) => [id, `CDNOW customer ${id}`]));
  writeCsv(files[1]!.path, ['product_id', 'name', 'category'], [['CD', 'CD', 'Music']]);
  writeCsv(
    files[2]!.path,
    ['order_id', 'ordered_at', 'customer_id', 'product_id', 'quantity', 'unit_price', 'amount'],
    rows.map((r, i) => {
      const d = r[2]!;
      const cds = Number(r[3]);
      const dollars = r[4]!;
      return [`CD${i + 1}`, `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, String(Number(r[1])), 'CD', cds, cds > 0 ? price4(Number(dollars) / cds) : dollars, dollars];
    }),
  );
  return converted(out, files);
}

/**
 * Groceries (arules): one order per basket line, all on one fixed day and for one customer; products
 * are the trimmed item names (two carry a trailing space in the source); quantity 1, price 1.
 */
export function convertGroceries(dir?: string, day = '2024-01-15'): ConvertedDataset {
  const out = tempDir('groceries', dir);
  const baskets = readFileSync(join(DATASETS_DIR, 'groceries/groceries.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split(',').map((i) => i.trim()).filter(Boolean));
  const items = [...new Set(baskets.flat())].sort();
  const files = [
    { kind: 'customers' as const, path: join(out, 'customers.csv') },
    { kind: 'products' as const, path: join(out, 'products.csv') },
    { kind: 'sales' as const, path: join(out, 'sales.csv') },
  ];
  writeCsv(files[0]!.path, ['customer_id', 'name'], [['GROCERIES', 'Groceries shoppers']]);
  writeCsv(files[1]!.path, ['product_id', 'name'], items.map((i) => [i, i]));
  const lines: Cell[][] = [];
  baskets.forEach((b, i) => {
    for (const item of b) lines.push([`B${i + 1}`, day, 'GROCERIES', item, 1, 1]);
  });
  writeCsv(files[2]!.path, ['order_id', 'ordered_at', 'customer_id', 'product_id', 'quantity', 'unit_price'], lines);
  return converted(out, files);
}

/** R package rfm orders: customer_id is the customer's name; one order per row, amount = revenue. */
export function convertRfmOrders(dir?: string): ConvertedDataset {
  const out = tempDir('rfm', dir);
  const rows = readDatasetCsv('rfm/rfm_data_orders.csv');
  const customers = new Map<string, Row>();
  for (const r of rows) if (!customers.has(r.customer_id!)) customers.set(r.customer_id!, r);
  const files = [
    { kind: 'customers' as const, path: join(out, 'customers.csv') },
    { kind: 'products' as const, path: join(out, 'products.csv') },
    { kind: 'sales' as const, path: join(out, 'sales.csv') },
  ];
  writeCsv(files[0]!.path, ['customer_id', 'name', 'email'], [...customers.values()].map((r) => [r.customer_id, r.customer_id, r.email]));
  writeCsv(files[1]!.path, ['product_id', 'name'], [['ITEM', 'Item']]);
  writeCsv(
    files[2]!.path,
    ['order_id', 'ordered_at', 'customer_id', 'product_id', 'quantity', 'unit_price', 'amount'],
    rows.map((r, i) => [`R${i + 1}`, r.order_date, r.customer_id, 'ITEM', 1, r.revenue, r.revenue]),
  );
  return converted(out, files);
}

/** AirPassengers: one sale per month (on the 1st) with amount = passengers (thousands). */
export function convertAirPassengers(dir?: string): ConvertedDataset {
  const out = tempDir('airpassengers', dir);
  const rows = readDatasetCsv('seasonality/AirPassengers.csv');
  const files = [
    ...singleParties(out, ['AIRLINE', 'Airline passengers'], ['SEAT', 'Seat']),
    { kind: 'sales' as const, path: join(out, 'sales.csv') },
  ];
  writeCsv(
    files[2]!.path,
    ['order_id', 'ordered_at', 'customer_id', 'product_id', 'quantity', 'unit_price', 'amount'],
    rows.map((r) => [`AP-${r.month}`, `${r.month}-01`, 'AIRLINE', 'SEAT', r.passengers, 1, r.passengers]),
  );
  return converted(out, files);
}

/**
 * austourists (quarterly visitor nights, millions): one sale per quarter on the quarter's first day,
 * amount = the quarter's visitor nights (the file's millions × 10⁶, shifted in the decimal text so it
 * is exact: the file has 8 decimals, money columns keep 4).
 */
export function convertAustourists(dir?: string): ConvertedDataset {
  const out = tempDir('austourists', dir);
  const rows = readDatasetCsv('forecast/austourists.csv');
  const files = [
    ...singleParties(out, ['AU', 'Tourism Australia'], ['NIGHT', 'Visitor night']),
    { kind: 'sales' as const, path: join(out, 'sales.csv') },
  ];
  writeCsv(
    files[2]!.path,
    ['order_id', 'ordered_at', 'customer_id', 'product_id', 'quantity', 'unit_price', 'amount'],
    rows.map((r) => {
      const [year, q] = r.quarter!.split('-Q');
      const nights = austouristsNights(r.visitor_nights_millions!);
      return [`AU-${r.quarter}`, `${year}-${String(3 * Number(q) - 2).padStart(2, '0')}-01`, 'AU', 'NIGHT', 1, nights, nights];
    }),
  );
  return converted(out, files);
}

/** `30.05251300` (millions) → `30052513.00`: the decimal point moved 6 places in the text, no float rounding. */
export function austouristsNights(millions: string): string {
  const m = /^(\d+)\.(\d{6})(\d*)$/.exec(millions.trim());
  if (!m) throw new Error(`austourists: unexpected value ${millions}`);
  return `${m[1]}${m[2]}${m[3] ? `.${m[3]}` : ''}`.replace(/^0+(?=\d)/, '');
}

/** The UCI Online Retail export as published (gzip; 541,909 lines). */
export const ONLINE_RETAIL_GZ = join(DATASETS_DIR, 'online_retail/online_retail.csv.gz');

/**
 * UCI Online Retail: the only cleaning is the two filters every analysis of it applies, cancellations
 * (InvoiceNo starting with C) and lines without a CustomerID; everything else goes in as published
 * (zero prices, postage and bank-charge lines, repeated lines, an invoice's lines a minute apart).
 * Format conversion only: columns renamed (InvoiceNo → order_id, InvoiceDate → ordered_at, already
 * ISO `2010-12-01 08:26:00`, read in SALES_TZ), customers from CustomerID with their first Country as
 * region and country, products from StockCode with the first Description seen. Sales are written
 * gzipped, the way such an export arrives.
 */
export function convertOnlineRetail(dir?: string): ConvertedDataset {
  const out = tempDir('online-retail', dir);
  const rows = parse(gunzipSync(readFileSync(ONLINE_RETAIL_GZ)), { columns: true, bom: true, skip_empty_lines: true }) as Row[];
  const kept = rows.filter((r) => !r.InvoiceNo!.startsWith('C') && r.CustomerID !== '');
  const customers = new Map<string, string>();
  const products = new Map<string, string>();
  for (const r of kept) {
    if (!customers.has(r.CustomerID!)) customers.set(r.CustomerID!, r.Country!);
    if (!products.has(r.StockCode!)) products.set(r.StockCode!, r.Description!);
  }
  const files = [
    { kind: 'customers' as const, path: join(out, 'customers.csv') },
    { kind: 'products' as const, path: join(out, 'products.csv') },
    { kind: 'sales' as const, path: join(out, 'sales.csv.gz') },
  ];
  writeCsv(files[0]!.path, ['customer_id', 'name', 'region', 'country'], [...customers].map(([id, country]) => [id, `Customer ${id}`, country, country]));
  writeCsv(files[1]!.path, ['product_id', 'name'], [...products]);
  writeCsv(
    files[2]!.path,
    ['order_id', 'product_id', 'description', 'quantity', 'ordered_at', 'unit_price', 'customer_id', 'country'],
    kept.map((r) => [r.InvoiceNo, r.StockCode, r.Description, r.Quantity, r.InvoiceDate, r.UnitPrice, r.CustomerID, r.Country]),
  );
  return converted(out, files);
}
