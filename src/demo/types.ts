import type { City } from './geography.js';

/** The six import files, in the order they must be imported (parents first). */
export const DEMO_KINDS = ['salesmen', 'customers', 'products', 'sales', 'leads', 'activities'] as const;
/** Same union as the importer's ImportKind (src/db/import/kinds.ts), kept local so src/demo stays I/O-layer free. */
export type ImportKind = (typeof DEMO_KINDS)[number];

export type SalesStyle = 'steady' | 'mixed' | 'lumpy';

export interface DemoSalesman {
  readonly idx: number;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly region: string;
  readonly managerId: string | null;
  readonly active: boolean;
  /** Steady reps serve many small, regular customers; lumpy reps live off a few big accounts. */
  readonly style: SalesStyle;
  /** Share of closed opportunities won. */
  readonly winRate: number;
  /** Field reps visit and meet; inside reps call and email. Weights for visit, call, email, meeting. */
  readonly activityMix: readonly [number, number, number, number];
  /** Activities per week on top of what revenue explains (hustle). */
  readonly baseActivity: number;
  /** Joined recently: no customers, no sales; day from which activities and leads exist. */
  readonly hiredDay: number | null;
  /** Left the company: sold until this day (exclusive), then a successor took the customers over. */
  readonly leftDay: number | null;
}

export type CustomerKind = 'big' | 'regular' | 'irregular' | 'one-off';

export interface DemoCustomer {
  readonly idx: number;
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly city: City;
  readonly region: string;
  /** Current account owner (customers.csv). */
  readonly salesmanIdx: number;
  /** Owner before a hand-over (orders before `handoverDay` carry this salesman), or -1. */
  readonly formerSalesmanIdx: number;
  readonly handoverDay: number;
  readonly kind: CustomerKind;
  readonly createdDay: number;
  /** First day the customer may order. */
  readonly joinDay: number;
  /** First day the customer no longer orders (Infinity: still active at the end). */
  readonly churnDay: number;
  /** Relative order rate (orders per unit of seasonal "business time"). */
  readonly rate: number;
  /** Order-rate multiplier in the last 30 days (the growth region's campaign), 1 elsewhere. */
  readonly recentBoost: number;
  /** Gamma shape of the gaps between orders: 8 ≈ clockwork, 1 = memoryless. */
  readonly rhythm: number;
  readonly qtyFactor: number;
  /** Negotiated discount in percent. */
  readonly discountPct: number;
}

export interface DemoProduct {
  readonly idx: number;
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly category: string;
  /** List price at the end of the data (products.csv); earlier sales use older prices. */
  readonly priceCents: number;
  readonly costCents: number;
  readonly stockQty: number;
  readonly active: boolean;
  readonly maxQty: number;
  /** Weight as a first pick in an order line (0 = never drawn on its own). */
  readonly weight: number;
  /** Products added to the order with probability p when this one is picked. */
  companions: { idx: number; p: number }[];
  /** No sales from this day on (Infinity: sells to the end). */
  readonly stopDay: number;
}

/** Everything the streams need to know about the generated company. */
export interface DemoWorld {
  /** First and last calendar day of data (day numbers, see calendar.ts). */
  readonly startDay: number;
  readonly endDay: number;
  readonly salesmen: readonly DemoSalesman[];
  readonly customers: readonly DemoCustomer[];
  readonly products: readonly DemoProduct[];
}
