import { csv, type FixtureFiles } from '../../helpers/fixtures.js';

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
export const FIXTURE: FixtureFiles = {
  salesmen: csv(`
    salesman_id,name,email,slack_user_id,region
    S1,Sam,sam@example.com,U0SAM,North
    S2,Sue,Sue@Example.com,,South
    S3,Sid,,U0SID,North`),
  customers: csv(`
    customer_id,name,city,region,latitude,longitude,salesman_id
    A,Acme Supplies,Berlin,North,52.5,13.4,S1
    B,Beta Books,Hamburg,North,53.55,10.0,S1
    C,Gamma Garden,Hamburg,North,53.57,10.02,S2
    D,Delta Dairy,Munich,South,48.1,11.6,S2
    E,Epsilon Electric,Munich,South,48.2,11.5,S1
    F,Acme Industries,Berlin,North,52.52,13.41,S2
    G,Zeta Tools,,South,,,S2`),
  products: csv(`
    product_id,name,category,unit_price
    P1,Paper,Paper,100
    P2,Ink,Ink,50
    P3,Toner,Ink,300
    P4,Stapler,Office,20`),
  sales: csv(`
    order_id,line_no,ordered_at,customer_id,product_id,quantity,unit_price,salesman_id
    A1,1,2024-03-30T10:00:00Z,A,P1,2,100,S1
    A1,2,2024-03-30T10:00:00Z,A,P2,1,50,S1
    A2,1,2024-02-15T10:00:00Z,A,P1,1,100,S1
    A3,1,2024-01-10T10:00:00Z,A,P1,1,100,S1
    A4,1,2023-12-05T10:00:00Z,A,P1,1,100,S1
    A5,1,2023-11-01T10:00:00Z,A,P1,1,100,S1
    B1,1,2024-03-20T10:00:00Z,B,P1,1,100,S1
    B1,2,2024-03-20T10:00:00Z,B,P3,1,300,S1
    B2,1,2024-01-20T10:00:00Z,B,P2,2,50,S1
    C1,1,2024-03-25T10:00:00Z,C,P1,1,100,S2
    C1,2,2024-03-25T10:00:00Z,C,P2,2,50,S2
    D1,1,2023-10-01T10:00:00Z,D,P3,2,300,S2
    D1,2,2023-10-01T10:00:00Z,D,P1,1,100,S2
    E1,1,2023-12-20T10:00:00Z,E,P2,1,50,S1
    G1,1,2024-02-01T10:00:00Z,G,P1,1,100,S2`),
};

export const AS_OF = '2024-03-31';
