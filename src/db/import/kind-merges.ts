import type { Reference } from './check-references.js';
import type { ImportKind } from './kinds.js';
import { mergeLeads } from './merge-leads.js';
import { checkTargets, mergeTargets } from './merge-targets.js';
import { checkSalesConsistency, mergeSales, ORDERS_STAGING, prepareSales, PRODUCTS_STAGING } from './merge-sales.js';
import type { RowErrors } from './row-errors.js';
import type { SqlSession } from './sql-session.js';
import type { StagedFile } from './staged-file.js';
import type { StepTimes } from './step-times.js';
import { upsertEntities, type EntityUpsert, type MergeCounts } from './upsert-entities.js';

/** What happens to a kind's staged rows: references to resolve, extra checks, then the merge. */
export interface KindMerge {
  /** Runs right after staging, before references are checked (e.g. per-order summaries). */
  prepare?(session: SqlSession, staged: StagedFile): Promise<void>;
  references: readonly Reference[];
  check?(session: SqlSession, staged: StagedFile, errors: RowErrors): Promise<void>;
  /** `steps` times the merge's big statements apart (see StepTimes); the rest counts as `merge`. */
  merge(session: SqlSession, staged: StagedFile, steps: StepTimes): Promise<MergeCounts>;
}

const plain = (field: string, target = field) => ({ field, target });
// An empty cell in a NOT NULL column with a default means the default, not NULL.
const ACTIVE = { field: 'active', target: 'active', expr: 'coalesce(s.active, true)' };

const SALESMAN_JOIN = { join: 'left join salesmen sm on sm.external_id = s.salesman_id', expr: 'sm.id' };
const CUSTOMER_JOIN = { join: 'left join customers c on c.external_id = s.customer_id', expr: 'c.id' };

const ENTITIES: Record<'salesmen' | 'customers' | 'products' | 'activities', EntityUpsert> = {
  salesmen: {
    table: 'salesmen',
    keyField: 'salesman_id',
    placeholders: true,
    columns: [...['name', 'email', 'slack_user_id', 'region'].map((f) => plain(f)), plain('manager_id', 'manager_external_id'), ACTIVE],
  },
  customers: {
    table: 'customers',
    keyField: 'customer_id',
    placeholders: true,
    columns: [
      ...['name', 'email', 'city', 'region', 'country', 'latitude', 'longitude', 'created_at'].map((f) => plain(f)),
      { field: 'salesman_id', target: 'salesman_id', ...SALESMAN_JOIN },
    ],
  },
  products: {
    table: 'products',
    keyField: 'product_id',
    placeholders: true,
    columns: [...['name', 'sku', 'category', 'unit_price', 'unit_cost', 'stock_qty'].map((f) => plain(f)), ACTIVE],
  },
  activities: {
    table: 'activities',
    keyField: 'activity_id',
    placeholders: false,
    columns: [
      plain('occurred_at'),
      plain('kind'),
      plain('notes'),
      plain('outcome'),
      { field: 'salesman_id', target: 'salesman_id', ...SALESMAN_JOIN },
      { field: 'customer_id', target: 'customer_id', ...CUSTOMER_JOIN },
    ],
  },
};

const entity = (spec: EntityUpsert, references: readonly Reference[] = []): KindMerge => ({
  references,
  merge: (session, staged) => upsertEntities(session, staged.table, spec, staged.present),
});

/**
 * True when the file moves a customer who has orders to another region: the sales rollups (daily,
 * hourly, basket counts) are keyed by the buyer's region, so they must be rebuilt; any other customer
 * change leaves them valid. Asked before the upsert, while the old regions are still there.
 */
async function buyerRegionsChange(session: SqlSession, staged: StagedFile): Promise<boolean> {
  if (!staged.present.has('region')) return false;
  const [row] = await session.query<{ changed: boolean }>(
    `select exists (
       select 1 from ${staged.table} s join customers c on c.external_id = s.customer_id
        where coalesce(s.region, '') is distinct from coalesce(c.region, '')
          and exists (select 1 from orders o where o.customer_id = c.id)) as changed`,
  );
  return row?.changed === true;
}

export const KIND_MERGES: Readonly<Record<ImportKind, KindMerge>> = {
  salesmen: entity(ENTITIES.salesmen),
  customers: {
    references: [{ column: 'salesman_id', table: 'salesmen' }],
    async merge(session, staged) {
      const rollupKeysChanged = await buyerRegionsChange(session, staged);
      return { ...(await upsertEntities(session, staged.table, ENTITIES.customers, staged.present)), rollupKeysChanged };
    },
  },
  products: entity(ENTITIES.products),
  activities: entity(ENTITIES.activities, [
    { column: 'salesman_id', table: 'salesmen' },
    { column: 'customer_id', table: 'customers' },
  ]),
  leads: {
    references: [
      { column: 'customer_id', table: 'customers' },
      { column: 'salesman_id', table: 'salesmen' },
    ],
    merge: (session, staged) => mergeLeads(session, staged.table, staged.present),
  },
  sales: {
    prepare: prepareSales,
    references: [
      { column: 'customer_id', table: 'customers', distinctFrom: ORDERS_STAGING },
      { column: 'product_id', table: 'products', distinctFrom: PRODUCTS_STAGING },
      { column: 'salesman_id', table: 'salesmen', distinctFrom: ORDERS_STAGING },
    ],
    check: checkSalesConsistency,
    merge: mergeSales,
  },
  // The salesman is checked by checkTargets, not as a reference: --create-missing must not invent a
  // salesman for a target.
  targets: { references: [], check: checkTargets, merge: (session, staged) => mergeTargets(session, staged) },
};
