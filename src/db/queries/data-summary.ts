import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { one, rows } from '../sql/run.js';

export interface DataCounts {
  salesmen: number;
  customers: number;
  regions: number;
  products: number;
  categories: number;
  orders: number;
  orderLines: number;
  leads: number;
  activities: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  revenue: string;
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/** Table sizes and the order date range; order counts come from the customer rollup, not a line scan. */
export async function dataCounts(database: Database): Promise<DataCounts> {
  const r = await one<Record<string, unknown>>(
    database,
    sql`select
      (select count(*)::int from salesmen) as salesmen,
      (select count(*)::int from customers) as customers,
      (select count(distinct region)::int from customers) as regions,
      (select count(*)::int from products) as products,
      (select count(distinct category)::int from products) as categories,
      (select count(*)::int from orders) as orders,
      (select count(*)::int from order_items) as order_lines,
      (select count(*)::int from leads) as leads,
      (select count(*)::int from activities) as activities,
      (select min(first_order_at) from customer_rollup) as first_order_at,
      (select max(last_order_at) from customer_rollup) as last_order_at,
      (select coalesce(sum(revenue), 0)::text from customer_rollup) as revenue`,
  );
  return {
    salesmen: Number(r!.salesmen),
    customers: Number(r!.customers),
    regions: Number(r!.regions),
    products: Number(r!.products),
    categories: Number(r!.categories),
    orders: Number(r!.orders),
    orderLines: Number(r!.order_lines),
    leads: Number(r!.leads),
    activities: Number(r!.activities),
    firstOrderAt: iso(r!.first_order_at),
    lastOrderAt: iso(r!.last_order_at),
    revenue: String(r!.revenue),
  };
}

export interface MonthRevenue {
  month: string;
  revenue: string;
  orders: number;
}

/** Revenue per business month (daily rollup days are already in SALES_TZ), newest `months` months. */
export async function revenueByMonth(database: Database, months: number): Promise<MonthRevenue[]> {
  const r = await rows<{ month: string; revenue: string; orders: number }>(
    database,
    sql`select to_char(date_trunc('month', day), 'YYYY-MM') as month, sum(revenue)::text as revenue, sum(orders)::int as orders
        from daily_sales group by 1 order by 1 desc limit ${months}`,
  );
  return r.reverse();
}

export interface NamedRevenue {
  id: string;
  name: string;
  revenue: string;
}

export async function topCustomers(database: Database, limit: number): Promise<NamedRevenue[]> {
  return rows<{ id: string; name: string; revenue: string }>(
    database,
    sql`select c.external_id as id, c.name, r.revenue::text as revenue
        from customer_rollup r join customers c on c.id = r.customer_id
        order by r.revenue desc, c.external_id limit ${limit}`,
  );
}

export async function topProducts(database: Database, limit: number): Promise<NamedRevenue[]> {
  return rows<{ id: string; name: string; revenue: string }>(
    database,
    sql`select p.external_id as id, p.name, r.revenue::text as revenue
        from product_rollup r join products p on p.id = r.product_id
        order by r.revenue desc, p.external_id limit ${limit}`,
  );
}

export interface RegionRevenue {
  region: string;
  customers: number;
  revenue: string;
}

export async function revenueByRegion(database: Database): Promise<RegionRevenue[]> {
  return rows<{ region: string; customers: number; revenue: string }>(
    database,
    sql`select coalesce(c.region, '(none)') as region, count(*)::int as customers, coalesce(sum(r.revenue), 0)::text as revenue
        from customers c left join customer_rollup r on r.customer_id = c.id
        group by 1 order by sum(r.revenue) desc nulls last, 1`,
  );
}
