import { REGIONS } from './geography.js';
import { FIRST_NAMES, LAST_NAMES, slug } from './names.js';
import type { Rng } from './rng.js';
import { PLANTED } from './scenario.js';
import type { DemoSalesman, SalesStyle } from './types.js';

export const salesmanId = (n: number): string => 'S' + String(n).padStart(3, '0');

const STYLES: readonly SalesStyle[] = ['steady', 'mixed', 'lumpy'];

/**
 * The sales team: one lead per region (the DACH lead is head of sales), the rest report to their lead.
 * In France & Benelux the last rep has left (active = false; customers handed over to a colleague);
 * a new hire in DACH has no customers and therefore no sales at all.
 */
export function buildSalesmen(rng: Rng, endDay: number): DemoSalesman[] {
  const used = new Set<string>();
  const uniqueName = (): string => {
    for (;;) {
      const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
  const out: DemoSalesman[] = [];
  const add = (s: Omit<DemoSalesman, 'idx' | 'id' | 'name' | 'email'>): DemoSalesman => {
    const name = uniqueName();
    const rep: DemoSalesman = { idx: out.length, id: salesmanId(out.length + 1), name, email: `${slug(name).replace(/-/g, '.')}@sales-demo.example`, ...s };
    out.push(rep);
    return rep;
  };
  const headOfSales = salesmanId(1);
  for (const region of REGIONS) {
    let leadId: string | null = null;
    for (let i = 0; i < region.reps; i++) {
      const field = rng.chance(0.6);
      const departed = region.name === 'France & Benelux' && i === region.reps - 1;
      const rep = add({
        region: region.name,
        managerId: i === 0 ? (out.length === 0 ? null : headOfSales) : leadId,
        active: !departed,
        // Cycling styles keeps every region mixed; the offset varies it between regions.
        style: STYLES[(i + out.length) % 3]!,
        winRate: Math.round(rng.between(0.22, 0.62) * 100) / 100,
        activityMix: field ? [0.4, 0.25, 0.15, 0.2] : [0.08, 0.45, 0.4, 0.07],
        baseActivity: rng.between(1, 6),
        hiredDay: null,
        leftDay: departed ? endDay - PLANTED.departedSalesman.daysBefore : null,
      });
      if (i === 0) leadId = rep.id;
    }
  }
  add({
    region: 'DACH',
    managerId: headOfSales,
    active: true,
    style: 'steady',
    winRate: 0.3,
    activityMix: [0.1, 0.5, 0.35, 0.05],
    baseActivity: 8,
    hiredDay: endDay - PLANTED.newHire.daysBefore,
    leftDay: null,
  });
  return out;
}
