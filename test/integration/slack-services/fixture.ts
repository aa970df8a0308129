import type { FixtureFiles } from '../../helpers/fixtures.js';
import { seed, type Seed } from '../../helpers/seed.js';

/**
 * A small portal for the Slack services, numbers worked by hand in the tests (as-of 2024-03-31, UTC).
 *
 * Salesmen: S1 Sam (slack U0SAM, sam@example.com), S2 Sue (Sue@Example.com), S3 Sid (slack U0SID).
 * Customers (owner → orders, every line sold by the owner):
 *   A Acme Supplies    Berlin  North  S1  5 orders 650: 03-30 (P1 2×100 + P2 50), 02-15, 01-10, 2023-12-05, 2023-11-01 (P1 100 each)
 *   B Beta Books       Hamburg North  S1  2 orders 500: 03-20 (P1 100 + P3 300), 01-20 (P2 2×50)
 *   C Gamma Garden     Hamburg North  S2  1 order  200: 03-25 (P1 100 + P2 2×50)
 *   D Delta Dairy      Munich  South  S2  1 order  700: 2023-10-01 (P3 2×300 + P1 100)
 *   E Epsilon Electric Munich  South  S1  1 order   50: 2023-12-20 (P2 50)
 *   F Acme Industries  Berlin  North  S2  no orders
 *   G Zeta Tools       (none)  South  S2  1 order  100: 02-01 (P1 100)
 * Products: P1 Paper 100, P2 Ink 50, P3 Toner 300, P4 Stapler (never sold).
 */
export function portal(): Seed {
  return seed()
    .salesman('S1', { name: 'Sam', email: 'sam@example.com', slackUser: 'U0SAM', region: 'North' })
    .salesman('S2', { name: 'Sue', email: 'Sue@Example.com', region: 'South' })
    .salesman('S3', { name: 'Sid', slackUser: 'U0SID', region: 'North' })
    .customer('A', { name: 'Acme Supplies', city: 'Berlin', region: 'North', latitude: 52.5, longitude: 13.4, salesman: 'S1' })
    .customer('B', { name: 'Beta Books', city: 'Hamburg', region: 'North', latitude: 53.55, longitude: 10, salesman: 'S1' })
    .customer('C', { name: 'Gamma Garden', city: 'Hamburg', region: 'North', latitude: 53.57, longitude: 10.02, salesman: 'S2' })
    .customer('D', { name: 'Delta Dairy', city: 'Munich', region: 'South', latitude: 48.1, longitude: 11.6, salesman: 'S2' })
    .customer('E', { name: 'Epsilon Electric', city: 'Munich', region: 'South', latitude: 48.2, longitude: 11.5, salesman: 'S1' })
    .customer('F', { name: 'Acme Industries', city: 'Berlin', region: 'North', latitude: 52.52, longitude: 13.41, salesman: 'S2' })
    .customer('G', { name: 'Zeta Tools', region: 'South', salesman: 'S2' })
    .product('P1', { name: 'Paper', category: 'Paper', price: 100 })
    .product('P2', { name: 'Ink', category: 'Ink', price: 50 })
    .product('P3', { name: 'Toner', category: 'Ink', price: 300 })
    .product('P4', { name: 'Stapler', category: 'Office', price: 20 })
    .sale({ order: 'A1', line: 1, on: '2024-03-30T10:00:00Z', customer: 'A', product: 'P1', qty: 2, price: 100, salesman: 'S1' })
    .sale({ order: 'A1', line: 2, on: '2024-03-30T10:00:00Z', customer: 'A', product: 'P2', price: 50, salesman: 'S1' })
    .sale({ order: 'A2', line: 1, on: '2024-02-15T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
    .sale({ order: 'A3', line: 1, on: '2024-01-10T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
    .sale({ order: 'A4', line: 1, on: '2023-12-05T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
    .sale({ order: 'A5', line: 1, on: '2023-11-01T10:00:00Z', customer: 'A', product: 'P1', price: 100, salesman: 'S1' })
    .sale({ order: 'B1', line: 1, on: '2024-03-20T10:00:00Z', customer: 'B', product: 'P1', price: 100, salesman: 'S1' })
    .sale({ order: 'B1', line: 2, on: '2024-03-20T10:00:00Z', customer: 'B', product: 'P3', price: 300, salesman: 'S1' })
    .sale({ order: 'B2', line: 1, on: '2024-01-20T10:00:00Z', customer: 'B', product: 'P2', qty: 2, price: 50, salesman: 'S1' })
    .sale({ order: 'C1', line: 1, on: '2024-03-25T10:00:00Z', customer: 'C', product: 'P1', price: 100, salesman: 'S2' })
    .sale({ order: 'C1', line: 2, on: '2024-03-25T10:00:00Z', customer: 'C', product: 'P2', qty: 2, price: 50, salesman: 'S2' })
    .sale({ order: 'D1', line: 1, on: '2023-10-01T10:00:00Z', customer: 'D', product: 'P3', qty: 2, price: 300, salesman: 'S2' })
    .sale({ order: 'D1', line: 2, on: '2023-10-01T10:00:00Z', customer: 'D', product: 'P1', price: 100, salesman: 'S2' })
    .sale({ order: 'E1', line: 1, on: '2023-12-20T10:00:00Z', customer: 'E', product: 'P2', price: 50, salesman: 'S1' })
    .sale({ order: 'G1', line: 1, on: '2024-02-01T10:00:00Z', customer: 'G', product: 'P1', price: 100, salesman: 'S2' });
}

export const FIXTURE: FixtureFiles = portal().files();

export const AS_OF = '2024-03-31';
