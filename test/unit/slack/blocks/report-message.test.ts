import { describe, expect, it } from 'vitest';
import { rfmView, type RfmReport } from '../../../../src/reports/rfm/rfm-report.js';
import type { ReportEnvelope } from '../../../../src/reports/report-module.js';
import { drillTargets, reportMessage, type ReportMessageInput } from '../../../../src/slack/blocks/report-message.js';
import { decodeAction } from '../../../../src/slack/parse/action-value.js';
import type { ReportView } from '../../../../src/views/report-view.js';
import { blockKitViolations } from '../../../helpers/block-kit-validator.js';
import { randomText, rng } from '../../../helpers/fuzz.js';

type Json = Record<string, any>;

const envelope: ReportEnvelope = {
  report: 'rfm',
  asOf: '2024-03-31',
  dataAsOf: '2024-03-30T17:00:00Z',
  period: { to: '2024-03-31' },
  filters: {},
  source: 'snapshot',
  snapshotAt: '2024-03-31T02:00:00Z',
};

const rfmResult: RfmReport & ReportEnvelope = {
  ...envelope,
  customerCount: 120,
  breaks: { recency: [], frequency: [], monetary: [] },
  segments: [
    { segment: 'Champions', customers: 20, revenue: 50_000 },
    { segment: "Can't Lose Them", customers: 10, revenue: 20_000 },
    { segment: 'Hibernating', customers: 90, revenue: 5_000 },
  ],
  customers: [],
  points: [],
};

function input(over: Partial<ReportMessageInput> = {}): ReportMessageInput {
  return {
    report: { name: 'rfm', title: 'RFM segments' },
    view: rfmView(rfmResult),
    page: 0,
    pageSize: 10,
    canonical: 'rfm last:365d',
    dataAsOf: '2024-03-30',
    filtersText: 'last 365 days',
    source: 'snapshot',
    snapshotAt: '2024-03-31 02:00',
    chart: { kind: 'none' },
    drills: drillTargets('rfm', rfmResult),
    shareable: true,
    ...over,
  };
}

const blocksOf = (m: { blocks: unknown[] }) => m.blocks as Json[];
/** The table travels in the message's one attachment (Slack's table block "Usage info"), never in `blocks`. */
const tablesOf = (m: { blocks: unknown[]; attachments?: unknown[] }): Json[] =>
  ((m.attachments ?? []) as Json[]).flatMap((a) => (a.blocks ?? []) as Json[]).filter((b) => b.type === 'table');
const cellTexts = (table: Json): string[][] => table.rows.map((r: Json[]) => r.map((c) => c.text));
const actionsOf = (m: { blocks: unknown[] }) => blocksOf(m).find((b) => b.type === 'actions')?.elements as Json[] | undefined;
const buttonsOf = (m: { blocks: unknown[] }) => (actionsOf(m) ?? []).filter((e) => e.type === 'button');
const contextText = (m: { blocks: unknown[] }) =>
  blocksOf(m)
    .filter((b) => b.type === 'context')
    .flatMap((b) => b.elements.map((e: Json) => e.text))
    .join('\n');

/** Every mrkdwn string in a message; report answers hold no links or mentions, so any raw < or > is injected. */
function mrkdwnTexts(m: { blocks: unknown[] }): string[] {
  const out: string[] = [];
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Json;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(m.blocks);
  return out;
}

function expectSafe(m: { text: string; blocks: unknown[] }) {
  expect(blockKitViolations(m)).toEqual([]);
  for (const t of mrkdwnTexts(m)) {
    expect(t).not.toMatch(/[<>]/);
    expect(t).not.toMatch(/&(?!amp;|lt;|gt;)/);
  }
  for (const e of actionsOf(m) ?? []) {
    if (e.type === 'static_select') {
      expect(e.options.length).toBeGreaterThan(0);
      expect(e.options.length).toBeLessThanOrEqual(100);
      expect([...e.placeholder.text].length).toBeLessThanOrEqual(150);
      for (const o of e.options) {
        expect([...o.text.text].length).toBeLessThanOrEqual(75);
        expect([...o.value].length).toBeLessThanOrEqual(150);
        expect(o.text.text.trim()).not.toBe('');
      }
      expect(new Set(e.options.map((o: Json) => o.value)).size).toBe(e.options.length);
    }
  }
}

describe('reportMessage', () => {
  it('lays out title, key figures, a text table, freshness, the request and the buttons', () => {
    const m = reportMessage(input());
    expectSafe(m);
    const [head, figures] = blocksOf(m);
    const table = tablesOf(m)[0];
    expect(blocksOf(m).some((b) => b.type === 'table')).toBe(false);
    expect(m.attachments).toEqual([{ blocks: [table] }]);
    expect(head).toEqual({ type: 'header', text: { type: 'plain_text', text: 'RFM segments · as of 2024-03-31', emoji: true } });
    expect(figures!.fields.map((f: Json) => f.text)).toEqual(['*Customers scored*\n120', '*Segments*\n3', '*Top segment by revenue*\nChampions (66.7%)']);
    expect(table!.type).toBe('table');
    expect(cellTexts(table!)[0]).toEqual(['segment', 'customers', 'revenue', 'share']);
    expect(cellTexts(table!).map((r) => r[0])).toContain("Can't Lose Them");
    expect(table!.column_settings.map((c: Json) => c.align)).toEqual(['left', 'right', 'right', 'right']);
    // The notification text carries the same rows as a monospace table for clients without blocks.
    expect(m.text).toMatch(/```\nsegment\s+customers\s+revenue\s+share\n─+/);
    expect(contextText(m)).toContain('Filters: last 365 days · data as of 2024-03-30 · snapshot from 2024-03-31 02:00');
    expect(contextText(m)).toContain('`/sales rfm last:365d`');
    expect(m.text).toContain('RFM segments');
    const labels = buttonsOf(m).map((b) => b.text.text);
    expect(labels).toEqual(['Export CSV', 'Share to channel']);
    expect(decodeAction(buttonsOf(m)[0]!.value)).toEqual({ v: 1, kind: 'export', report: 'rfm', q: 'rfm last:365d' });
    expect(decodeAction(buttonsOf(m)[1]!.value)).toEqual({ v: 1, kind: 'share', report: 'rfm', q: 'rfm last:365d', page: 0 });
  });

  it('offers the drill-downs as a select whose options decode to drill actions', () => {
    const m = reportMessage(input());
    const select = actionsOf(m)!.find((e) => e.type === 'static_select')!;
    expect(select.action_id).toBe('report_drill');
    expect(select.options.map((o: Json) => o.text.text)).toEqual(['Champions (20)', "Can't Lose Them (10)", 'Hibernating (90)']);
    expect(select.options.map((o: Json) => decodeAction(o.value))).toEqual(
      ['Champions', "Can't Lose Them", 'Hibernating'].map((key) => ({ v: 1, kind: 'drill', report: 'rfm', q: 'rfm last:365d', drill: { kind: 'segment', key } })),
    );
  });

  it('falls back to drill buttons (≤ 25 elements in all) when the request is too long for select options', () => {
    const canonical = `rfm customer:${Array.from({ length: 40 }, (_, i) => `C${i}`).join(',')}`;
    const drills = Array.from({ length: 60 }, (_, i) => ({ label: `Customer ${i}`, drill: { kind: 'customer' as const, key: `C${i}` } }));
    const m = reportMessage(input({ canonical, drills }));
    expectSafe(m);
    const els = actionsOf(m)!;
    expect(els).toHaveLength(25);
    expect(els.every((e) => e.type === 'button')).toBe(true);
    const drillButtons = els.filter((e) => e.action_id.startsWith('report_drill'));
    expect(drillButtons).toHaveLength(23);
    expect(decodeAction(drillButtons[22]!.value)).toMatchObject({ kind: 'drill', q: canonical, drill: { kind: 'customer', key: 'C22' } });
  });

  it('pages: Prev/Next only when there are such pages, carrying 0-based page numbers', () => {
    const view: ReportView = { title: 'T', keyFigures: [], columns: [{ label: 'n' }], rows: Array.from({ length: 10 }, (_, i) => [`r${i}`]), notes: [] };
    const middle = reportMessage(input({ view, page: 1, hasNext: true }));
    const pages = buttonsOf(middle).filter((b) => b.action_id.startsWith('report_page'));
    expect(pages.map((b) => [b.text.text, decodeAction(b.value)?.page])).toEqual([
      ['◀ Prev', 0],
      ['Next ▶', 2],
    ]);
    expect(contextText(middle)).toContain('Page 2 · rows 11–20');
    const only = reportMessage(input({ view, page: 0, hasNext: false }));
    expect(buttonsOf(only).some((b) => b.action_id.startsWith('report_page'))).toBe(false);
  });

  it('slices a full list given whole and counts its pages', () => {
    const view: ReportView = { title: 'T', keyFigures: [], columns: [{ label: 'n' }], rows: Array.from({ length: 35 }, (_, i) => [`row-${i}`]), notes: [] };
    const m = reportMessage(input({ view, page: 3 }));
    expectSafe(m);
    const table = cellTexts(tablesOf(m)[0]!).map((r) => r[0]);
    expect(table).toEqual(['n', 'row-30', 'row-31', 'row-32', 'row-33', 'row-34']);
    expect(contextText(m)).toContain('Page 4 of 4 · rows 31–35 of 35');
    expect(buttonsOf(m).filter((b) => b.action_id.startsWith('report_page')).map((b) => b.text.text)).toEqual(['◀ Prev']);
  });

  it('shows a chart as an image (Slack file or URL), or says why there is none', () => {
    const file = reportMessage(input({ chart: { kind: 'file', fileId: 'F0ABC123', alt: 'RFM chart' } }));
    expectSafe(file);
    expect(blocksOf(file).find((b) => b.type === 'image')).toEqual({ type: 'image', slack_file: { id: 'F0ABC123' }, alt_text: 'RFM chart' });
    const url = reportMessage(input({ chart: { kind: 'url', url: 'https://example.com/c.png', alt: '' } }));
    expect(blocksOf(url).find((b) => b.type === 'image')).toMatchObject({ image_url: 'https://example.com/c.png', alt_text: 'Chart' });
    const failed = reportMessage(input({ chart: { kind: 'failed', reason: 'the chart could not be drawn' } }));
    expect(blocksOf(failed).some((b) => b.type === 'image')).toBe(false);
    expect(contextText(failed)).toContain('Chart unavailable: the chart could not be drawn');
    const bad = reportMessage(input({ chart: { kind: 'url', url: 'javascript:alert(1)', alt: 'x' } }));
    expect(blocksOf(bad).some((b) => b.type === 'image')).toBe(false);
    expect(contextText(bad)).toMatch(/Chart unavailable/);
  });

  it('view notes appear as context, with CLI flags rewritten the Slack way', () => {
    const view = { ...rfmView(rfmResult), notes: ['Top 20 of 300 products; --limit 0 for all.', 'try a lower --min-support.'] };
    const text = contextText(reportMessage(input({ view })));
    expect(text).toContain('Top 20 of 300 products; limit:0 for all.');
    expect(text).toContain('try a lower min-support:.');
  });

  it('leaves out the CLI cut note when pages reach the whole list, and keeps it when the length is unknown', () => {
    const cut = 'Top 20 of 300 customers; --limit 0 for all.';
    const paged = contextText(reportMessage(input({ view: { ...rfmView(rfmResult), cutNote: cut, totalRows: 300 } })));
    expect(paged).not.toContain('Top 20 of 300');
    expect(paged).toMatch(/more rows: Next/);
    const unknown = contextText(reportMessage(input({ view: { ...rfmView(rfmResult), cutNote: cut, totalRows: undefined } })));
    expect(unknown).toContain('Top 20 of 300 customers; limit:0 for all.');
  });

  it('an empty view is still a valid message, titled by the report', () => {
    const m = reportMessage(input({ view: { title: '', keyFigures: [], columns: [], rows: [], notes: [] }, drills: [] }));
    expectSafe(m);
    expect(blocksOf(m)[0]!.text.text).toBe('RFM segments');
    expect(JSON.stringify(m.blocks)).toContain('No rows for this request');
  });

  it('a drill-down answer exports itself and offers no drill menu', () => {
    const m = reportMessage(input({ drill: { kind: 'segment', key: 'Champions' }, shareable: false }));
    expectSafe(m);
    expect(actionsOf(m)!.map((e) => e.type)).toEqual(['button']);
    expect(decodeAction(buttonsOf(m)[0]!.value)).toEqual({ v: 1, kind: 'export', report: 'rfm', q: 'rfm last:365d', drill: { kind: 'segment', key: 'Champions' } });
  });

  it('a request too long for any button drops the buttons and says so', () => {
    const canonical = `rfm customer:${'C1234,'.repeat(400)}C9`;
    const m = reportMessage(input({ canonical }));
    expectSafe(m);
    expect(blocksOf(m).some((b) => b.type === 'actions')).toBe(false);
    expect(contextText(m)).toMatch(/too long to carry in a button/);
  });

  it('a wide table (12 columns) shows every column in the table block', () => {
    const columns = Array.from({ length: 12 }, (_, i) => ({ label: `column_${i}` }));
    const view: ReportView = { title: 'Wide', keyFigures: [], columns, rows: [columns.map(() => 'x'.repeat(30))], notes: [] };
    const m = reportMessage(input({ view }));
    expectSafe(m);
    expect(contextText(m)).not.toMatch(/Not shown here/);
    expect(cellTexts(tablesOf(m)[0]!)[0]).toEqual(columns.map((c) => c.label));
  });

  it('more than 20 columns: a monospace table that names the columns left out', () => {
    const columns = Array.from({ length: 25 }, (_, i) => ({ label: `column_${i}` }));
    const view: ReportView = { title: 'Wide', keyFigures: [], columns, rows: [columns.map(() => 'x'.repeat(30))], notes: [] };
    const m = reportMessage(input({ view }));
    expectSafe(m);
    expect(blocksOf(m).some((b) => b.type === 'table')).toBe(false);
    expect(tablesOf(m)).toHaveLength(0);
    expect(contextText(m)).toMatch(/Not shown here: column_3, .*column_24 \(Export CSV has every column\)/);
    const table = blocksOf(m).find((b) => b.text?.text?.startsWith('```'))!.text.text as string;
    for (const line of table.split('\n').slice(1, -1)) expect([...line].length).toBeLessThanOrEqual(96);
  });

  it('textTable: the rows as a monospace table, for surfaces without table blocks', () => {
    const m = reportMessage(input({ textTable: true }));
    expectSafe(m);
    expect(blocksOf(m).some((b) => b.type === 'table')).toBe(false);
    expect(tablesOf(m)).toHaveLength(0);
    expect(blocksOf(m).find((b) => b.text?.text?.startsWith('```'))!.text.text).toMatch(/^```\nsegment\s+customers\s+revenue\s+share\n─+/);
  });

  it('a key-figure answer (KPI cards) has no table and no "no rows" line', () => {
    const view: ReportView = { title: 'KPIs · 2024-03-31', keyFigures: [{ label: 'Revenue run rate', value: '12,345' }], columns: [], rows: [], notes: [] };
    const m = reportMessage(input({ view, drills: [] }));
    expectSafe(m);
    expect(JSON.stringify(m.blocks)).not.toMatch(/No rows/);
    expect(blocksOf(m).some((b) => b.type === 'table')).toBe(false);
    expect(tablesOf(m)).toHaveLength(0);
  });

  it('says how many rows lie beyond the page and how to get them', () => {
    const view: ReportView = { title: 'T', keyFigures: [], columns: [{ label: 'n' }], rows: Array.from({ length: 35 }, (_, i) => [`row-${i}`]), notes: [] };
    expect(contextText(reportMessage(input({ view, page: 0 })))).toContain('…and 25 more rows: Next ▶ shows them, Export CSV has the whole list.');
    expect(contextText(reportMessage(input({ view, page: 2 })))).toContain('…and 5 more rows');
    expect(contextText(reportMessage(input({ view, page: 3 })))).not.toMatch(/more rows/);
    const page: ReportView = { ...view, rows: view.rows.slice(0, 10) };
    expect(contextText(reportMessage(input({ view: page, hasNext: true })))).toContain('…and more rows: Next ▶ shows them');
  });

  it('rows that do not fit the message budget are counted, never dropped silently', () => {
    const view: ReportView = {
      title: 'Long rows',
      keyFigures: [],
      columns: Array.from({ length: 20 }, (_, i) => ({ label: `c${i}` })),
      rows: Array.from({ length: 40 }, (_, r) => Array.from({ length: 20 }, (_, i) => `row ${r} cell ${i} ${'z'.repeat(40)}`)),
      notes: [],
    };
    const m = reportMessage(input({ view, pageSize: 40 }));
    expectSafe(m);
    const shown = tablesOf(m)[0]!.rows.length - 1;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(40);
    expect(contextText(m)).toContain(`…and ${40 - shown} more rows on this page that did not fit here: Export CSV has them all.`);
  });

  it('table cells are raw text: names kept whole, empty cells shown as "—", one table per message', () => {
    const view: ReportView = {
      title: 'T',
      keyFigures: [],
      columns: [{ label: 'customer' }, { label: 'note' }, { label: 'value', align: 'r' }],
      rows: [
        ['Cortiças do Norte Lda.', '', '-1,234'],
        ['A & B <x>', 'line\nbreak', '5'],
      ],
      notes: [],
    };
    const m = reportMessage(input({ view }));
    expectSafe(m);
    expect(tablesOf(m)).toHaveLength(1);
    expect(blocksOf(m).some((b) => b.type === 'table')).toBe(false);
    expect(cellTexts(tablesOf(m)[0]!)).toEqual([
      ['customer', 'note', 'value'],
      ['Cortiças do Norte Lda.', '—', '-1,234'],
      ['A & B <x>', 'line break', '5'],
    ]);
  });

  it('adversarial input: huge everything, emoji, <>& and backticks stay valid and escaped', () => {
    const huge = `<!channel> & <@U1> \`\`\` 😀👩‍👩‍👧 ${'名'.repeat(10_000)}`;
    const view: ReportView = {
      title: huge,
      keyFigures: Array.from({ length: 15 }, () => ({ label: huge, value: huge })),
      columns: Array.from({ length: 30 }, () => ({ label: huge, align: 'r' as const })),
      rows: Array.from({ length: 10_000 }, () => Array.from({ length: 30 }, () => huge)),
      notes: Array.from({ length: 40 }, () => huge),
    };
    const drills = Array.from({ length: 500 }, (_, i) => ({ label: huge, drill: { kind: 'customer' as const, key: `C${i}` } }));
    const m = reportMessage(input({ view, drills, filtersText: huge, dataAsOf: huge, snapshotAt: huge, chart: { kind: 'file', fileId: 'F1234', alt: huge } }));
    expectSafe(m);
    expect(m.blocks.map((b) => (b as Json).type)).toEqual(['header', 'section', 'section', 'image', 'context', 'context', 'actions']);
    // Only plain_text (header, button and option labels, alt text) may hold it verbatim: Slack does not parse those.
    expect(mrkdwnTexts(m).join('')).toContain('&lt;!channel&gt;');
  });

  it('random views never break the message (seeded; 300 cases)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = rng(seed);
      const text = () => randomText(next, 1 + Math.floor(next() * 60));
      const cols = Math.floor(next() * 8);
      const view: ReportView = {
        title: text(),
        keyFigures: Array.from({ length: Math.floor(next() * 12) }, () => ({ label: text(), value: text() })),
        columns: Array.from({ length: cols }, () => ({ label: text(), ...(next() < 0.5 ? { align: 'r' as const } : {}) })),
        rows: Array.from({ length: Math.floor(next() * 40) }, () => Array.from({ length: Math.floor(next() * (cols + 2)) }, text)),
        notes: Array.from({ length: Math.floor(next() * 12) }, text),
      };
      const drills = Array.from({ length: Math.floor(next() * 120) }, (_, i) => ({ label: text(), drill: { kind: 'region' as const, key: `${text()}${i}` } }));
      const m = reportMessage(input({ view, drills, page: Math.floor(next() * 3), hasNext: next() < 0.5, canonical: `rfm ${text()}`.trim(), filtersText: text() }));
      try {
        expectSafe(m);
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
  });
});

describe('drillTargets', () => {
  it('rfm → segments present', () => {
    expect(drillTargets('rfm', rfmResult).map((t) => t.drill)).toEqual([
      { kind: 'segment', key: 'Champions' },
      { kind: 'segment', key: "Can't Lose Them" },
      { kind: 'segment', key: 'Hibernating' },
    ]);
  });

  it('abc → classes with products', () => {
    expect(drillTargets('abc', { summary: { A: 3, B: 0, C: 9 } })).toEqual([
      { label: 'Class A (3 products)', drill: { kind: 'class', key: 'A' } },
      { label: 'Class C (9 products)', drill: { kind: 'class', key: 'C' } },
    ]);
  });

  it('churn and clv → listed customers by portal id, in report order', () => {
    const result = { customers: [{ customerId: 'C2', name: 'Beta' }, { customerId: 'C1', name: '' }, { customerId: 'C2', name: 'Beta' }] };
    for (const report of ['churn', 'clv']) {
      expect(drillTargets(report, result)).toEqual([
        { label: 'Beta (C2)', drill: { kind: 'customer', key: 'C2' } },
        { label: 'C1', drill: { kind: 'customer', key: 'C1' } },
      ]);
    }
  });

  it('crosssell → customers across salesmen, best suggestion score first', () => {
    const result = {
      salesmen: [
        { customers: [{ customerId: 'C1', name: 'A', suggestions: [{ score: 0.5 }] }] },
        { customers: [{ customerId: 'C2', name: 'B', suggestions: [{ score: 0.2 }, { score: 0.9 }] }, { customerId: 'C3', name: 'C', suggestions: [] }] },
      ],
    };
    expect(drillTargets('crosssell', result).map((t) => t.drill.key)).toEqual(['C2', 'C1', 'C3']);
  });

  it('geo → regions; why → regions and RFM segments that drove the change', () => {
    expect(drillTargets('geo', { regions: [{ region: 'North', underServed: true }, { region: 'South' }] })).toEqual([
      { label: 'North ⚠', drill: { kind: 'region', key: 'North' } },
      { label: 'South', drill: { kind: 'region', key: 'South' } },
    ]);
    const why = {
      drivers: [
        { dimension: 'region', member: 'North', name: 'North' },
        { dimension: 'product', member: 'P1', name: 'Paper' },
        { dimension: 'segment', member: 'Champions', name: 'Champions' },
        { dimension: 'segment', member: 'First order in period', name: 'First order in period' },
        { dimension: 'region', member: '(none)', name: '(none)' },
      ],
    };
    expect(drillTargets('why', why).map((t) => t.drill)).toEqual([
      { kind: 'region', key: 'North' },
      { kind: 'segment', key: 'Champions' },
    ]);
  });

  it('other reports, wrong shapes and garbage → none', () => {
    for (const [report, result] of [
      ['kpi', { anything: 1 }],
      ['rfm', null],
      ['rfm', { segments: 'no' }],
      ['churn', { customers: [{ nope: 1 }] }],
      ['geo', 42],
      ['nope', rfmResult],
    ] as const) {
      expect(drillTargets(report, result)).toEqual([]);
    }
  });
});
