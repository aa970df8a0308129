import type { Database } from '../db/client.js';
import { customersNamed } from '../db/queries/filter-values.js';
import { AppError } from '../lib/errors.js';
import type { ReportFilters } from '../lib/report-filters.js';
import type { ReportScope } from './report-module.js';

export const OWN_ONLY = 'You can see your own customers only';
export const OWN_HINT = 'Ask about your own book (`/sales churn me`), or ask a manager for the rest.';

/**
 * Throws FORBIDDEN unless the scope may see a customer owned by `customerOwnerId` (customers.salesman_id):
 * admins and managers see everyone, a salesman only the customers assigned to them.
 */
export function assertCanSee(actor: { scope: ReportScope }, customerOwnerId: number | null): void {
  const scope = actor.scope;
  if (scope.kind === 'all' || customerOwnerId === scope.salesmanId) return;
  throw new AppError(
    'FORBIDDEN',
    customerOwnerId === null ? 'That customer is not assigned to you.' : 'That customer belongs to another salesman.',
    { hint: 'You can look at your own customers; a manager can see all of them.' },
  );
}

/**
 * A salesman's answers are always cut to their own customers; asking by name for another salesman or
 * another salesman's customer would then come back empty ("no purchase"), which misleads. Say so
 * instead, with what they can ask. `filters` are resolved (salesman and customer portal ids).
 */
export async function assertScopeAllows(database: Database, scope: ReportScope, filters: ReportFilters): Promise<void> {
  if (scope.kind === 'all') return;
  const other = filters.salesman?.find((s) => s !== scope.salesmanExternalId);
  if (other !== undefined) {
    throw new AppError('FORBIDDEN', `${OWN_ONLY}; salesman ${other} is someone else's book.`, { hint: OWN_HINT });
  }
  if (filters.customer?.length) {
    const owners = await customersNamed(database, filters.customer);
    // Only the id the person typed is echoed: another salesman's customer names are not theirs to see.
    const foreign = owners.find((c) => filters.customer!.includes(c.externalId) && Number(c.salesmanId) !== scope.salesmanId);
    if (foreign) {
      throw new AppError('FORBIDDEN', `${OWN_ONLY}; customer ${foreign.externalId} is not assigned to you.`, { hint: OWN_HINT });
    }
  }
}
