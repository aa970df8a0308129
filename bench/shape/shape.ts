/**
 * A company's shape: how many customers, products, salesmen and regions, how unevenly customers buy and
 * products sell, how long baskets are. Presets name the shapes the speed targets are measured on.
 */
export interface Shape {
  /** Preset name, or 'custom'. `demo` uses the demo generator and ignores everything but lines and seed. */
  name: string;
  /** Order lines in all, about (drawn day by day); the last day is imported apart, as "one more day". */
  lines: number;
  customers: number;
  products: number;
  /** Zipf exponent of product popularity (0 = uniform, 1 = classic long tail). */
  zipf: number;
  /** Mean lines per order (geometric, ≥ 1). */
  basket: number;
  salesmen: number;
  regions: number;
  years: number;
  /** Gamma shape of customer purchase rates: small (0.2–0.5) = most buy once or twice, large = regulars. */
  rateShape: number;
  seed: number;
}

export const SHAPE_PRESETS: Record<string, Omit<Shape, 'name' | 'seed'>> = {
  // Many small distributors' portals: 1.16M lines over 3 years, most of 200k customers buy once or twice.
  wide: { lines: 1_160_000, customers: 200_000, products: 5_000, zipf: 1.0, basket: 2.5, salesmen: 200, regions: 5, years: 3, rateShape: 0.3 },
  // Few customers who buy a lot, a big catalogue, long baskets (wholesale to chains).
  'few-big': { lines: 1_000_000, customers: 2_000, products: 50_000, zipf: 0.8, basket: 25, salesmen: 40, regions: 5, years: 3, rateShape: 2 },
  // The demo generator's world (240 products, ≤ 30,000 customers); only lines and seed apply.
  demo: { lines: 1_000_000, customers: 0, products: 0, zipf: 0, basket: 3.25, salesmen: 0, regions: 0, years: 2, rateShape: 0 },
};

export type ShapeFlags = Partial<Record<'shape' | 'customers' | 'products' | 'zipf' | 'basket' | 'salesmen' | 'regions' | 'years' | 'lines' | 'rate-shape' | 'seed', string>>;

/** The preset (default `wide`) with every flag given on top; throws a usage message on a bad value. */
export function shapeFrom(flags: ShapeFlags): Shape {
  const name = flags.shape ?? 'wide';
  const preset = SHAPE_PRESETS[name];
  if (!preset) throw new Error(`--shape ${name}: use one of ${Object.keys(SHAPE_PRESETS).join(', ')}`);
  const num = (flag: keyof ShapeFlags, fallback: number, min: number, integer = true): number => {
    const raw = flags[flag];
    if (raw === undefined) return fallback;
    const v = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) throw new Error(`--${flag} ${raw}: expected ${integer ? 'a whole number' : 'a number'} ≥ ${min}`);
    return v;
  };
  const custom = Object.keys(flags).some((k) => k !== 'shape' && k !== 'lines' && k !== 'seed' && flags[k as keyof ShapeFlags] !== undefined);
  if (name === 'demo' && custom) throw new Error('--shape demo takes only --lines and --seed (the demo generator has its own world)');
  return {
    name: custom ? `${name}+custom` : name,
    lines: num('lines', preset.lines, 1000),
    customers: num('customers', preset.customers, 1),
    products: num('products', preset.products, 2),
    zipf: num('zipf', preset.zipf, 0, false),
    basket: num('basket', preset.basket, 1, false),
    salesmen: num('salesmen', preset.salesmen, 1),
    regions: num('regions', preset.regions, 1),
    years: num('years', preset.years, 1),
    rateShape: num('rate-shape', preset.rateShape, 0.01, false),
    seed: num('seed', 42, 0),
  };
}

export function describeShape(s: Shape): string {
  if (s.name === 'demo') return `demo generator, ${s.lines.toLocaleString('en-US')} lines, seed ${s.seed}`;
  return (
    `${s.name}: ${s.lines.toLocaleString('en-US')} lines over ${s.years} years, ${s.customers.toLocaleString('en-US')} customers ` +
    `(gamma rate shape ${s.rateShape}), ${s.products.toLocaleString('en-US')} products (Zipf ${s.zipf}), basket ${s.basket}, ` +
    `${s.salesmen} salesmen, ${s.regions} regions, seed ${s.seed}`
  );
}
