import { describe, expect, it } from 'vitest';
import { parseFilterMap, readPeriodName, resolvePeriod, type ReportFilters } from '../../../src/lib/report-filters.js';
import { readPeriodPhrase } from '../../../src/requests/period-words.js';
import { readPlainWords } from '../../../src/requests/plain-words.js';
import { requestFromText } from '../../../src/requests/from-slack-text.js';

const window = (phrase: string, anchor: string) => {
  const p = readPeriodPhrase(phrase);
  if (!p) throw new Error(`${phrase} is not a period`);
  return resolvePeriod(p as ReportFilters, anchor);
};

describe('named periods resolve against the anchor day, not the clock', () => {
  it.each([
    ['today', '2024-03-13', { from: '2024-03-13', to: '2024-03-13' }],
    ['yesterday', '2024-03-01', { from: '2024-02-29', to: '2024-02-29' }],
    ['this week', '2024-03-13', { from: '2024-03-11', to: '2024-03-13' }],
    ['last week', '2024-03-13', { from: '2024-03-04', to: '2024-03-10' }],
    ['this month', '2024-03-13', { from: '2024-03-01', to: '2024-03-13' }],
    ['last month', '2024-03-31', { from: '2024-02-01', to: '2024-02-29' }],
    ['last month', '1998-05-06', { from: '1998-04-01', to: '1998-04-30' }],
    ['this quarter', '2024-05-06', { from: '2024-04-01', to: '2024-05-06' }],
    ['last quarter', '2024-01-15', { from: '2023-10-01', to: '2023-12-31' }],
    ['ytd', '2024-05-06', { from: '2024-01-01', to: '2024-05-06' }],
    ['last year', '2024-05-06', { from: '2023-01-01', to: '2023-12-31' }],
    ['since march', '2024-05-06', { from: '2024-03-01', to: '2024-05-06' }],
    ['since march', '2024-02-10', { from: '2023-03-01', to: '2024-02-10' }],
    ['march', '2024-03-10', { from: '2024-03-01', to: '2024-03-10' }],
    ['december', '2024-03-10', { from: '2023-12-01', to: '2023-12-31' }],
    ['last 90 days', '2024-03-31', { from: '2024-01-02', to: '2024-03-31' }],
    ['past 3 months', '2024-03-31', { from: '2024-01-01', to: '2024-03-31' }],
    ['q3 2025', '2026-01-01', { from: '2025-07-01', to: '2025-09-30' }],
    ['q3', '2026-01-01', { from: '2025-07-01', to: '2025-09-30' }],
    ['q1', '2026-02-10', { from: '2026-01-01', to: '2026-02-10' }],
    ['h1 2025', '2026-01-01', { from: '2025-01-01', to: '2025-06-30' }],
    ['2025 q4', '2025-11-15', { from: '2025-10-01', to: '2025-11-15' }],
    ['2025', '2026-01-01', { from: '2025-01-01', to: '2025-12-31' }],
    ['march 2025', '2026-01-01', { from: '2025-03-01', to: '2025-03-31' }],
    ['since 3 march 2025', '2026-01-01', { from: '2025-03-03', to: '2026-01-01' }],
  ])('%s as of %s', (phrase, anchor, expected) => {
    expect(window(phrase, anchor)).toEqual(expected);
  });

  it('the canonical when: text reads back to the same period', () => {
    for (const phrase of ['today', 'yesterday', 'this week', 'last month', 'this quarter', 'ytd', 'since march', 'june', 'q3']) {
      const p = readPeriodPhrase(phrase)!;
      expect(p.when, phrase).toBeDefined();
      const f = parseFilterMap({ when: readPeriodName(phrase.replace(' ', '-'))?.kind ? phrase.replace(' ', '-') : phrase });
      expect(f.when, phrase).toEqual(p.when);
    }
    expect(() => parseFilterMap({ when: 'someday' })).toThrow(/not a period/);
    expect(() => parseFilterMap({ when: 'ytd', last: '90d' })).toThrow(/one period/);
  });

  it('words that are not periods stay words', () => {
    for (const w of ['Jan', 'Mar', 'North', 'S007', '12345', 'last', 'Q5']) expect(readPeriodPhrase(w.toLowerCase()), w).toBeUndefined();
  });
});

describe('readPlainWords', () => {
  it('takes the longest phrase, keeps quoted names whole and leaves names as words', () => {
    expect(readPlainWords(['who', 'is', 'at', 'risk', 'in', 'Iberia', 'last', 'month'], { findReport: true })).toMatchObject({
      report: 'churn',
      reportAt: 0,
      words: ['Iberia'],
      period: { when: { kind: 'calendar', unit: 'month', offset: -1 } },
      mine: false,
    });
    expect(readPlainWords(['top', '5', 'Dairy Products', 'me'], { findReport: false })).toMatchObject({ limit: 5, words: ['Dairy Products'], mine: true });
    expect(readPlainWords(['last month', 'x'], { findReport: false }).words).toEqual(['last month', 'x']);
  });
});

describe('help speaks the asker’s data', () => {
  it('every plain example in help parses to a report', async () => {
    const { PLAIN_EXAMPLES } = await import('../../../src/slack/blocks/help-message.js');
    for (const e of PLAIN_EXAMPLES) expect(requestFromText(e).ok, e).toBe(true);
  });

  it('examples use the values given, never the placeholders', async () => {
    const { helpMessage } = await import('../../../src/slack/blocks/help-message.js');
    const { usageMessage } = await import('../../../src/slack/blocks/usage-message.js');
    const { SUBSCRIBE_USAGE } = await import('../../../src/slack/parse/usage-texts.js');
    const examples = { region: 'Iberia', category: 'Dairy Products', salesman: 'S007' };
    for (const m of [helpMessage(undefined, { examples }), helpMessage('rfm', { examples }), helpMessage('slow', { examples }), usageMessage({ message: 'x', usage: SUBSCRIBE_USAGE }, examples)]) {
      const t = JSON.stringify(m);
      expect(t).not.toMatch(/\bNorth\b|\bS001\b|\bPaper\b/);
    }
    expect(JSON.stringify(helpMessage(undefined, { examples }))).toMatch(/region:Iberia/);
    expect(JSON.stringify(helpMessage('slow', { examples }))).toContain('category:“Dairy Products”');
  });
});
