import { describe, expect, it } from 'vitest';
import { actions, button, codeTable, context, fields, header, message, section } from '../../../../src/slack/blocks/builders.js';
import { fit } from '../../../../src/slack/blocks/text.js';
import { blockKitViolations } from '../../../helpers/block-kit-validator.js';

describe('Block Kit builders keep every message valid', () => {
  it('fit cuts on characters with an ellipsis and never returns empty text', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('   ', 10)).toBe('—');
    expect([...fit('😀'.repeat(200), 150)]).toHaveLength(150);
  });

  it('clamps headers, fields, context, buttons and action ids', () => {
    const long = 'x'.repeat(5000);
    const m = message(long, [
      header(long),
      section(long),
      fields(Array.from({ length: 14 }, (_, i) => ({ label: `L${i}`, value: long }))),
      context(Array.from({ length: 14 }, () => 'c')),
      actions(Array.from({ length: 30 }, () => button(long, 'same'))),
    ]);
    expect(blockKitViolations(m)).toEqual([]);
  });

  it('renders a long table as one code block with a "more rows" line', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `row ${i} ${'·'.repeat(40)}`);
    const b = codeTable(lines)!;
    const text = (b as { text: { text: string } }).text.text;
    expect([...text].length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/… \d+ more rows\n```$/);
    expect(text.startsWith('```\nrow 0')).toBe(true);
  });

  it('drops trailing content blocks past 50 blocks or ~12k characters but keeps the final actions', () => {
    const many = Array.from({ length: 80 }, (_, i) => section(`section ${i} ${'y'.repeat(400)}`));
    const m = message('fallback', [...many, actions([button('Next', 'next', '2')])]);
    expect(blockKitViolations(m)).toEqual([]);
    expect(m.blocks.at(-1)?.type).toBe('actions');
    expect(m.blocks.length).toBeLessThan(50);
  });

  it('refuses a button value that would be cut (values carry ids, not data)', () => {
    expect(() => button('Go', 'go', 'v'.repeat(2001))).toThrow(/longer than 2000/);
  });

  it('the validator itself catches broken messages', () => {
    expect(blockKitViolations({ text: '', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: '' } }] })).toEqual([
      'top-level text missing or empty',
      'block 0 (header): empty text',
      'block 0 (header): header text must be plain_text',
    ]);
  });
});
