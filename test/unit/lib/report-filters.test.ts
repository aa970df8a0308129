import { describe, expect, it } from 'vitest';
import { describeFilters, parseFilterMap, parseFilterTokens, resolvePeriod } from '../../../src/lib/report-filters.js';
import { tokenize } from '../../../src/lib/text-tokens.js';

const parse = (text: string) => parseFilterTokens(tokenize(text));

describe('report filters', () => {
  it('parses every filter, several values and quoted names', () => {
    const { filters, rest } = parse('public from:2024-01-01 to:2024-03-31 region:North,"South East" salesman:S1 category:Paper customer:C9');
    expect(filters).toEqual({
      from: '2024-01-01',
      to: '2024-03-31',
      region: ['North', 'South East'],
      salesman: ['S1'],
      category: ['Paper'],
      customer: ['C9'],
    });
    expect(rest).toEqual(['public']);
  });

  it('accepts Slack smart quotes and upper-case keys', () => {
    expect(parse('Region:“New York”').filters.region).toEqual(['New York']);
  });

  it('leaves Slack mentions and links alone', () => {
    expect(parse('<@U123|bob> <#C1|sales> https://x.y').rest).toEqual(['<@U123|bob>', '<#C1|sales>', 'https://x.y']);
  });

  it.each([
    ['regoin:North', /Unknown filter "regoin:"\. Did you mean region:\?/],
    ['colour:red', /^Unknown filter "colour:"\.$/],
    ['from:2024-02-30', /from: "2024-02-30" is not a date/],
    ['from:yesterday', /from: "yesterday" is not a date/],
    ['last:ninety', /last: "ninety" is not a period/],
    ['last:0d', /last: "0d" is not a period/],
    ['from:2024-05-01 to:2024-01-01', /from: 2024-05-01 is after to: 2024-01-01/],
    ['last:90d from:2024-01-01', /either last: or from:\/to:/],
    ['region:North region:South', /given twice/],
    ['region:', /region: needs a value/],
  ])('%s is a usage error naming the problem', (text, message) => {
    expect(() => parse(text)).toThrow(message);
    try {
      parse(text);
    } catch (e) {
      expect((e as { code: string }).code).toBe('USAGE');
      expect((e as { hint: string }).hint).toMatch(/^Filters: /);
    }
  });

  it('resolves last: to an inclusive window ending on the as-of day', () => {
    expect(resolvePeriod(parse('last:90d').filters, '2024-03-31')).toEqual({ from: '2024-01-02', to: '2024-03-31' });
    expect(resolvePeriod(parse('last:1m').filters, '2024-03-31')).toEqual({ from: '2024-03-01', to: '2024-03-31' });
    expect(resolvePeriod(parse('last:1y').filters, '2024-02-29')).toEqual({ from: '2023-03-01', to: '2024-02-29' });
    expect(resolvePeriod({}, '2024-03-31')).toEqual({ to: '2024-03-31' });
    expect(resolvePeriod({ to: '2030-01-01' }, '2024-03-31')).toEqual({ to: '2024-03-31' });
  });

  it('parses a query-string map with the same rules and describes filters in one line', () => {
    const f = parseFilterMap({ last: '30d', region: 'North,West', salesman: undefined });
    expect(f).toEqual({ last: { amount: 30, unit: 'd' }, region: ['North', 'West'] });
    expect(describeFilters(f)).toBe('last 30 days · region North, West');
    expect(describeFilters({})).toBe('all data');
    expect(() => parseFilterMap({ size: 'big' })).toThrow(/Unknown filter "size:"/);
  });
});
