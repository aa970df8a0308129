import { createReadStream, createWriteStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DEMO_KINDS as IMPORT_KINDS } from '../../src/demo/types.js';
import { generateDemoData, type DemoDataResult } from '../../src/demo/generate-demo-data.js';
import type { ShapeFiles } from './shape-files.js';

/** The demo generator makes 1–6 lines per order, about 3.25 on average. */
export const DEMO_LINES_PER_ORDER = 3.25;

export interface DemoFiles extends ShapeFiles {
  result: DemoDataResult;
}

/**
 * Demo files for (orders, seed, end), generated once and cached under `dir`; the sales file is split into
 * history and the last day (`end`), so a benchmark can import one more day after the history.
 */
export async function demoFiles(opts: { orders: number; seed: number; end: string; dir: string; log?: (line: string) => void }): Promise<DemoFiles> {
  const { orders, seed, end } = opts;
  const out = join(opts.dir, `o${orders}-s${seed}-${end}`);
  // v2: also holds the line counts of the two halves (older caches are regenerated).
  const meta = join(out, 'bench-meta-v2.json');
  const history = join(out, 'sales-history.csv');
  const lastDay = join(out, 'sales-last-day.csv');
  let result: DemoDataResult;
  let historyLines = 0;
  let lastDayLines = 0;
  if (existsSync(meta)) {
    ({ result, historyLines, lastDayLines } = JSON.parse(readFileSync(meta, 'utf8')) as { result: DemoDataResult; historyLines: number; lastDayLines: number });
  } else {
    const t0 = performance.now();
    result = await generateDemoData({ orders, seed, end: new Date(`${end}T00:00:00Z`), outDir: out });
    opts.log?.(`generated ${result.counts.sales.toLocaleString('en-US')} demo order lines (${result.orders.toLocaleString('en-US')} orders) in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${out}`);
    // Timestamps are local (no offset) and the file is in time order: the last day is a prefix match.
    const h = createWriteStream(history);
    const d = createWriteStream(lastDay);
    let header = true;
    for await (const line of createInterface({ input: createReadStream(result.files.sales), crlfDelay: Infinity })) {
      if (header) {
        h.write(line + '\n');
        d.write(line + '\n');
        header = false;
        continue;
      }
      const toDay = line.split(',', 3)[2]!.startsWith(end);
      if (toDay) lastDayLines++;
      else historyLines++;
      const target = toDay ? d : h;
      if (!target.write(line + '\n')) await once(target, 'drain');
    }
    h.end();
    d.end();
    await Promise.all([once(h, 'finish'), once(d, 'finish')]);
    writeFileSync(meta, JSON.stringify({ result, historyLines, lastDayLines }));
  }
  return {
    dir: out,
    sides: IMPORT_KINDS.filter((k) => k !== 'sales').map((kind) => ({ kind, path: result.files[kind], rows: result.counts[kind] })),
    history,
    historyLines,
    lastDay,
    lastDayLines,
    from: result.from,
    to: result.to,
    result,
  };
}
