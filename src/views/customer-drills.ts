import { customerDrillLabel, type DrillTarget } from './drill-target.js';

type ListedCustomer = { customerId: string | number; name?: string | null | undefined };

/**
 * The listed customers in the report's ranking, each opening the customer's history. Entries without
 * a customer id are skipped: results come back from stored snapshots as JSON, possibly of an older shape.
 */
export function customerDrills(customers: readonly ListedCustomer[]): DrillTarget[] {
  return customers
    .filter((c) => typeof c.customerId === 'string' || typeof c.customerId === 'number')
    .map((c) => ({ label: customerDrillLabel(c), drill: { kind: 'customer', key: String(c.customerId) } }));
}
