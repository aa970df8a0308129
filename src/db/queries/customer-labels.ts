import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { rows } from '../sql/run.js';

/** How people know a customer: the portal's ids and names, and the owner's. */
export interface CustomerLabel {
  /** customers.id */
  id: number;
  /** Portal id (customers.external_id). */
  customerId: string;
  name: string;
  salesmanId: string | null;
  salesmanName: string | null;
}

/**
 * Labels of the given customers (by customers.id), for the few rows a report lists after ranking
 * every customer by numbers alone. Ids are sent as one array literal, so any count fits one statement.
 */
export async function customerLabels(database: Database, ids: Iterable<number>): Promise<Map<number, CustomerLabel>> {
  const list = [...new Set(ids)];
  const out = new Map<number, CustomerLabel>();
  if (list.length === 0) return out;
  const found = await rows<CustomerLabel>(
    database,
    sql`select c.id, c.external_id as "customerId", c.name, s.external_id as "salesmanId", s.name as "salesmanName"
        from customers c left join salesmen s on s.id = c.salesman_id
        where c.id = any(${`{${list.join(',')}}`}::int[])`,
  );
  for (const l of found) out.set(Number(l.id), { ...l, id: Number(l.id) });
  return out;
}
