import { AppError } from '../lib/errors.js';
import type { ReportScope } from './reports/report-types.js';

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
