import { CATEGORIES } from './catalog.js';
import type { Rng } from './rng.js';
import { PLANTED } from './scenario.js';
import type { DemoProduct } from './types.js';

export const productId = (n: number): string => 'P' + String(n).padStart(4, '0');

/** Brand shares inside a category: the first brand is the market leader (Pareto for the ABC report). */
const BRAND_SHARE = [1, 0.6, 0.4, 0.25, 0.15];
const BRAND_PRICE = [1, 1.08, 0.92, 1.15, 0.85];

type Draft = Omit<DemoProduct, 'companions'> & { brand: string; base: string };

/**
 * Every catalogue item in every brand of its category, plus two products nobody buys. List prices end
 * in .90 or .00; unit cost is 55–78 % of the price; stock is larger for cheap items.
 */
export function buildProducts(rng: Rng, endDay: number): DemoProduct[] {
  const drafts: Draft[] = [];
  const stopDays = new Map<string, number>(PLANTED.stoppedProducts.map((s) => [s.name, endDay - s.daysBefore + 1]));
  stopDays.set(PLANTED.discontinued.name, endDay - PLANTED.discontinued.daysBefore + 1);
  const addDraft = (d: Omit<Draft, 'idx' | 'id' | 'sku'>, code: string): void => {
    const n = drafts.length + 1;
    drafts.push({ ...d, idx: n - 1, id: productId(n), sku: `${code}-${String(1000 + n * 7).padStart(5, '0')}` });
  };
  for (const category of CATEGORIES) {
    const popularity = category.items.reduce((s, it) => s + it.popularity, 0) * BRAND_SHARE.reduce((a, b) => a + b, 0);
    for (const it of category.items) {
      category.brands.forEach((brand, b) => {
        const name = `${brand} ${it.name}`;
        const cents = Math.round(it.price * BRAND_PRICE[b]! * rng.between(0.95, 1.05) * 10) * 10;
        addDraft(
          {
            brand,
            base: it.name,
            name,
            category: category.name,
            priceCents: cents,
            costCents: Math.round(cents * rng.between(0.55, 0.78)),
            stockQty: rng.chance(0.05) ? 0 : Math.round(rng.between(10, 120) * (cents < 5000 ? 6 : cents < 30000 ? 2 : 0.6)),
            active: name !== PLANTED.discontinued.name,
            maxQty: it.maxQty,
            weight: (category.lineShare * it.popularity * BRAND_SHARE[b]! * Math.exp(0.3 * rng.normal())) / popularity,
            stopDay: stopDays.get(name) ?? Number.POSITIVE_INFINITY,
          },
          category.code,
        );
      });
    }
  }
  for (const name of PLANTED.neverSold) {
    addDraft(
      { brand: '', base: name, name, category: 'Office Supplies', priceCents: 1490, costCents: 890, stockQty: 64, active: true, maxQty: 5, weight: 0, stopDay: Number.POSITIVE_INFINITY },
      'OFF',
    );
  }
  for (const s of stopDays.keys()) if (!drafts.some((d) => d.name === s)) throw new Error(`planted product "${s}" is not in the catalogue`);
  const products: DemoProduct[] = drafts.map((d) => ({ ...d, companions: [] }));
  wireBundles(products, drafts);
  return products;
}

/**
 * Bundles that co-occur far more often than chance (affinity rules with high lift):
 * printer → its own toner + copy paper; laptop → dock + bag + mouse; monitor → HDMI cable + arm;
 * desk → chair + lamp of the same brand; coffee machine → beans of the brand + cups; switch → cables.
 */
function wireBundles(products: DemoProduct[], drafts: readonly Draft[]): void {
  const find = (brand: string | null, base: string): number => {
    const d = drafts.find((x) => x.base === base && (brand === null || x.brand === brand));
    if (d === undefined) throw new Error(`bundle item ${brand ?? '*'} ${base} is not in the catalogue`);
    return d.idx;
  };
  const paper = find('Papyra', 'Copy Paper A4 80 g, box of 5 reams');
  const dock = find('Kestrel', 'USB-C Docking Station');
  const bag = find('Kestrel', 'Laptop Bag 15.6"');
  const mouse = find('Connecto', 'Wireless Mouse');
  const hdmi = find('Connecto', 'HDMI Cable 2 m');
  const arm = find('Viewra', 'Monitor Arm, single');
  const cups = find('Brewline', 'Paper Cups 200 ml, 1000 pcs');
  for (const d of drafts) {
    const p = products[d.idx]!;
    const model = /(LP-200|CLP-410|MF-620|IJ-90)$/.exec(d.base)?.[1];
    if (d.category === 'Printers' && model !== undefined) {
      const toner = drafts.find((x) => x.brand === d.brand && x.category === 'Printer Supplies' && x.base.endsWith(model))!;
      p.companions = [
        { idx: toner.idx, p: 0.85 },
        { idx: paper, p: 0.6 },
      ];
    } else if (d.category === 'Computers' && /Laptop|Ultrabook/.test(d.base)) {
      p.companions = [
        { idx: dock, p: 0.65 },
        { idx: bag, p: 0.5 },
        { idx: mouse, p: 0.45 },
      ];
    } else if (d.category === 'Monitors') {
      p.companions = [
        { idx: hdmi, p: 0.7 },
        { idx: arm, p: 0.45 },
      ];
    } else if (d.base === 'Height-Adjustable Desk 160×80') {
      p.companions = [
        { idx: find(d.brand, 'Ergonomic Office Chair'), p: 0.7 },
        { idx: find(d.brand, 'Desk Lamp LED'), p: 0.4 },
      ];
    } else if (d.base === 'Bean-to-Cup Coffee Machine') {
      p.companions = [
        { idx: find(d.brand, 'Coffee Beans 1 kg'), p: 0.9 },
        { idx: cups, p: 0.6 },
      ];
    } else if (d.base === '8-Port Gigabit Switch') {
      p.companions = [{ idx: find(d.brand, 'Network Cable Cat6, 5 m'), p: 0.8 }];
    }
  }
}
