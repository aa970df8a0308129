import { describe, expect, it } from 'vitest';
import { message, withTable } from '../../../../src/slack/blocks/builders.js';
import { tableBlock, tableCellText } from '../../../../src/slack/blocks/table-block.js';
import { tableLayout } from '../../../../src/slack/blocks/text-table.js';
import { escapeFit, fit } from '../../../../src/slack/blocks/text.js';
import { blockKitViolations } from '../../../helpers/block-kit-validator.js';

const texts = (rows: { text: string }[][]) => rows.map((r) => r.map((c) => c.text));

describe('tableBlock', () => {
  it('header first, numbers right-aligned, long text wrapped, empty columns left out', () => {
    const plan = tableBlock(
      [{ label: 'customer' }, { label: '' }, { label: 'why' }, { label: 'value', align: 'r' }],
      [
        ['Acme', '', 'ordered every ~7 days, last order 43 days ago (usually within 7 days)', '1,234'],
        ['Beta', '', 'x', '-5'],
      ],
      10_000,
    )!;
    expect(texts(plan.block.rows)).toEqual([
      ['customer', 'why', 'value'],
      ['Acme', 'ordered every ~7 days, last order 43 days ago (usually within 7 days)', '1,234'],
      ['Beta', 'x', '-5'],
    ]);
    expect(plan.block.column_settings).toEqual([{ align: 'left' }, { align: 'left', is_wrapped: true }, { align: 'right' }]);
    expect(plan.shownRows).toBe(2);
    expect(blockKitViolations(withTable(message('t', []), plan.block))).toEqual([]);
  });

  it('more than 20 columns: no table block (the caller falls back to monospace text)', () => {
    const columns = Array.from({ length: 21 }, (_, i) => ({ label: `c${i}` }));
    expect(tableBlock(columns, [columns.map(() => 'x')], 10_000)).toBeUndefined();
    expect(tableBlock(columns.slice(0, 20), [columns.slice(0, 20).map(() => 'x')], 10_000)!.block.rows[0]).toHaveLength(20);
  });

  it('at most 100 rows including the header, and only as many as the budget allows', () => {
    const rows = Array.from({ length: 500 }, (_, i) => [`row ${i}`]);
    const all = tableBlock([{ label: 'n' }], rows, 100_000)!;
    expect(all.block.rows).toHaveLength(100);
    expect(all.shownRows).toBe(99);
    // Header "n" (1 character) + 7 rows of 5 ("row 0") = 36 ≤ 40; an eighth would make 41.
    const few = tableBlock([{ label: 'n' }], rows, 40)!;
    expect(few.shownRows).toBe(7);
    expect(blockKitViolations(withTable(message('t', []), all.block))).toEqual([]);
  });

  it('cells: one line, no control characters, cut to the cap, never empty, not escaped', () => {
    expect(tableCellText('a\nb\tc')).toBe('a b c');
    expect(tableCellText('\u202eevil\u0007')).toBe('evil');
    expect(tableCellText('')).toBe('—');
    expect(tableCellText(null)).toBe('—');
    expect(tableCellText(12.5)).toBe('12.5');
    expect(tableCellText('A & B <x>')).toBe('A & B <x>');
    expect([...tableCellText('y'.repeat(5000))].length).toBe(300);
  });
});

describe('cutting text never leaves "Lda.." behind', () => {
  it('a cut right after a period drops the period before the ellipsis', () => {
    expect(fit('Cortiças do Norte Lda. and more', 24)).toBe('Cortiças do Norte Lda…');
    expect(escapeFit('Cortiças do Norte Lda. & more', 24)).toBe('Cortiças do Norte Lda…');
    const layout = tableLayout([{ label: 'customer' }], [['Sociedade Comercial de Cortiças do Norte Lda. (Porto)']]);
    expect(layout.lines.join('\n')).not.toMatch(/\.…|\.\./);
  });
});

describe('the validator checks table blocks', () => {
  it('catches what Slack rejects', () => {
    const bad = {
      text: 't',
      blocks: [],
      attachments: [
        {
          blocks: [
            { type: 'table', rows: [[{ type: 'raw_text', text: 'a' }, { type: 'raw_text', text: 'b' }], [{ type: 'raw_text', text: '' }]], column_settings: [{ align: 'middle' }] },
            { type: 'table', rows: Array.from({ length: 101 }, () => Array.from({ length: 21 }, () => ({ type: 'mrkdwn', text: 'x' }))) },
          ],
        },
      ],
    };
    const problems = blockKitViolations(bad);
    expect(problems).toContain('attachment 0 block 0 (table) row 1: 1 cells, header has 2');
    expect(problems).toContain('attachment 0 block 0 (table) row 1 cell 0: empty raw_text');
    expect(problems).toContain('attachment 0 block 0 (table) column 0: bad align middle');
    expect(problems).toContain('attachment 0 block 1 (table): 101 rows (1..100)');
    expect(problems).toContain('attachment 0 block 1 (table) row 0: 21 cells (1..20)');
    expect(problems).toContain('2 table blocks in attachments (Slack allows one per message: invalid_attachments)');
    const one = { type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] };
    // Two attachments of one table each are still two tables in one message.
    expect(blockKitViolations({ text: 't', blocks: [], attachments: [{ blocks: [one] }, { blocks: [one] }] })).toContain(
      '2 table blocks in attachments (Slack allows one per message: invalid_attachments)',
    );
    expect(blockKitViolations({ text: 't', blocks: [one] })).toContain(
      'block 0 (table): a table goes in attachments, not top-level blocks (Slack refuses it: invalid_blocks)',
    );
    expect(blockKitViolations({ text: 't', blocks: [], attachments: [{ blocks: [one] }] })).toEqual([]);
    expect(blockKitViolations({ blocks: [one] }, { view: true })).toContain('block 0 (table): table blocks are for messages only');
  });
});
