import { describe, expect, it } from 'vitest';
import { reportMessage, type ReportMessageInput } from '../../../../src/slack/blocks/report-message.js';
import { blockKitViolations } from '../../../helpers/block-kit-validator.js';

type Json = Record<string, any>;

function input(over: Partial<ReportMessageInput> = {}): ReportMessageInput {
  return {
    report: { name: 'kpi', title: 'KPI cards' },
    view: { title: 'KPI cards · 1998-05-06', keyFigures: [{ label: 'Run rate', value: '$1,000' }], columns: [], rows: [], notes: [] },
    page: 0,
    pageSize: 10,
    canonical: 'kpi',
    dataAsOf: '1998-05-06',
    filtersText: 'all data',
    source: 'live',
    chart: { kind: 'none' },
    drills: [],
    shareable: false,
    ...over,
  };
}

const contextText = (m: { blocks: unknown[] }) =>
  (m.blocks as Json[])
    .filter((b) => b.type === 'context')
    .flatMap((b) => b.elements.map((e: Json) => e.text))
    .join('\n');

describe('reportMessage freshness lines', () => {
  it('puts the data note above the freshness line', () => {
    const m = reportMessage(input({ dataNote: 'Your data ends 1998-05-06, so windows end there.' }));
    expect(blockKitViolations(m as never)).toEqual([]);
    expect(contextText(m)).toContain('Your data ends 1998-05-06, so windows end there.\nFilters: all data · data as of 1998-05-06 · computed live');
  });
  it('leaves freshness out when the caller does not know it (drill-downs), rather than claiming no data', () => {
    const m = reportMessage(input({ dataAsOf: undefined, filtersText: 'your customers (Nancy Davolio)' }));
    expect(contextText(m)).toContain('Filters: your customers (Nancy Davolio) · computed live');
    expect(contextText(m)).not.toMatch(/no data|no sales imported|data as of/);
  });
  it('before the first import says what to run, not "data as of no data yet"', () => {
    const m = reportMessage(input({ dataAsOf: null }));
    // Escaped for mrkdwn: Slack shows `sales-bot import sales <file>`.
    expect(contextText(m)).toContain('Filters: all data · no sales imported yet — run `sales-bot import sales &lt;file&gt;`');
    expect(contextText(m)).not.toMatch(/no data yet|computed live/);
  });
});
