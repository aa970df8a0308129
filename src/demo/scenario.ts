import { GROWTH_REGION, UNDER_SERVED_REGION } from './geography.js';

/**
 * The stories planted in the demo data, one constant each, so tests and the README can name them.
 * "Days before end" count back from the last day of data (0 = the last day).
 */
export const PLANTED = {
  /** Length of the "last 30 days" stories below (mover, falling category, price hike, campaign). */
  recentDays: 30,
  underServedRegion: UNDER_SERVED_REGION,
  growthRegion: GROWTH_REGION,
  /** The growth region's customers order this much more often in the last 30 days (a campaign). */
  growthCampaign: { factor: 1.5 },
  /** Share of the growth region's customers who sign up between 28 and 14 days before the end. */
  growthBurst: { share: 0.2, fromDaysBefore: 28, toDaysBefore: 14 },
  /** Products that stop selling (still active, still in stock): slow movers in 30/60/90-day buckets. */
  stoppedProducts: [
    { name: 'Officio Whiteboard Markers, 4 colours', daysBefore: 35 },
    { name: 'Linkwise Webcam 1080p', daysBefore: 70 },
    { name: 'Tazza Tea Assortment, 100 bags', daysBefore: 120 },
  ],
  /** Discontinued (active = false) 200 days before the end: has history, must not count as slow mover. */
  discontinued: { name: 'Inkora Inkjet Printer IJ-90', daysBefore: 200 },
  /** In the catalogue and in stock, never sold. */
  neverSold: ['Papyra Fax Paper Rolls 216 mm, 6 pcs', 'Officio Typewriter Ribbon, black'],
  /**
   * Sells 3.5× as fast in the last 30 days (a price promotion of the roaster): the KPI "top mover", which
   * ranks by the absolute gain in units/day, so it has to be a high-volume item.
   */
  topMover: { name: 'Kaffeehaus Coffee Beans 1 kg', factor: 3.5 },
  /** Order lines drop to 30 % in the last 30 days: the "why" report's negative driver. */
  fallingCategory: { name: 'Furniture', factor: 0.3 },
  /** List prices up 7 % in the last 30 days: a price effect in price/volume/mix. */
  priceHike: { category: 'Printer Supplies', factor: 1.07 },
  /** Every list price rises 3 % on 1 January; products.csv holds today's prices. */
  yearlyPriceIncrease: 0.03,
  /** Share of repeat customers who stop ordering 60–180 days before the end. */
  recentChurn: { share: 0.12, minDaysBefore: 60, maxDaysBefore: 180 },
  /** Share of orders refunded (one line, partly or fully) 2–21 days later as a negative order. */
  refundRate: 0.005,
  /** The rep who left (active = false) and handed the customers to a colleague. */
  departedSalesman: { daysBefore: 240 },
  /** The new hire: active, no customers, no sales; a few activities and fresh leads. */
  newHire: { daysBefore: 14 },
  /**
   * Deals at risk, one per warning (deal-risk-plants.ts), owned by one long-serving salesman: an
   * opportunity open for 200 days (stalled), one with no activity on its customer for 20 days, one 4
   * days past its expected close, and a deal won 45 days ago whose customer has not ordered since.
   */
  dealRisk: { stalled: 'L90001', noActivity: 'L90002', overdue: 'L90003', wonNoOrder: 'L90004' },
  /**
   * The anomaly (anomaly-plant.ts): a one-off tender from one big account, on the Tuesday of the last ISO week
   * that ends on or before the last day, the week a weekly anomaly check run then examines. Worth
   * `weeksOfRevenue` usual weeks of the account's region (the `referenceWeeks` before, season-adjusted), or
   * the usual week plus `noiseSigmas` standard deviations of those weeks when more (a small demo's weeks are
   * uneven), so its region's revenue that week is far above its expected range at any demo size. Workstation laptops
   * and ultrabooks (a year-end laptop refresh): expensive, so few units, and the top mover stays the coffee.
   * An order on top of the requested ones (numbered after them) that draws no random numbers, so every
   * other line stays as it was; activities and targets are left as they were too (it came through a tender
   * portal), only the revenue figures that include its week change.
   */
  tender: {
    weeksOfRevenue: 3,
    noiseSigmas: 10,
    referenceWeeks: 8,
    items: [
      { name: 'Nova Workstation Laptop 16"', share: 0.6 },
      { name: 'Nova Ultrabook 13"', share: 0.4 },
    ],
  },
} as const;

/** Months of history the demo covers by default: more than two years, so seasonality has 24 complete months. */
export const DEFAULT_MONTHS = 27;
