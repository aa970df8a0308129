import { describe, expect, it } from 'vitest';
import { resolveGoalPeriod } from '../../../../src/analytics/goal-period.js';
import { parseCommand } from '../../../../src/slack/parse/command.js';
import { readAmount, readPeriod } from '../../../../src/slack/parse/goal-command.js';

describe('goal set parsing', () => {
  it('reads amounts with k/m suffixes and thousands separators exactly', () => {
    expect(['120k', '1.2m', '120,000', '$5,000.50', '0.5k', '300', '1.25M', '007'].map(readAmount)).toEqual([
      '120000',
      '1200000',
      '120000',
      '5000.5',
      '500',
      '300',
      '1250000',
      '7',
    ]);
    for (const bad of ['lots', '-5', '1,2', '12kk', '1e6', '']) expect(readAmount(bad), bad).toBeNull();
  });

  it('reads exact, relative and unyeared periods, resolved against today', () => {
    const today = '2026-12-07';
    const at = (words: string) => {
      const spec = readPeriod(words.split(' '));
      return spec === null ? null : resolveGoalPeriod(spec, today).text;
    };
    expect(at('2026-03')).toBe('2026-03');
    expect(at('2026-q1')).toBe('2026-Q1');
    expect(at('Q3 2025')).toBe('2025-Q3');
    expect(at('this month')).toBe('2026-12');
    expect(at('next month')).toBe('2027-01');
    expect(at('next quarter')).toBe('2027-Q1');
    expect(at('last quarter')).toBe('2026-Q3');
    // A month without a year is the next one from today on, this one included.
    expect(at('march')).toBe('2027-03');
    expect(at('dec')).toBe('2026-12');
    expect(at('March 2026')).toBe('2026-03');
    expect(at('q1')).toBe('2027-Q1');
    for (const bad of ['someday', '2026-13', 'next year', 'ma']) expect(at(bad), bad).toBeNull();
  });

  it('types the command with its scope, a trailing bare word being a salesman id', () => {
    expect(parseCommand('goal set revenue 120k this month region:North')).toEqual({
      ok: true,
      command: { kind: 'goal-set', metric: 'revenue', amount: '120000', period: { kind: 'relative', unit: 'month', offset: 0 }, scope: { kind: 'region', value: 'North' } },
    });
    const bySalesman = parseCommand('goal set orders 300 2026-Q1 S001');
    expect(bySalesman.ok && bySalesman.command.kind === 'goal-set' && bySalesman.command.scope).toEqual({ kind: 'salesman', id: 'S001' });
    const mention = parseCommand('goal set new_customers 5 next quarter <@U123ABC|sam>');
    expect(mention.ok && mention.command.kind === 'goal-set' && mention.command.scope).toEqual({ kind: 'user', userId: 'U123ABC' });
    const company = parseCommand('goal set revenue 1m 2026-03');
    expect(company.ok && company.command.kind === 'goal-set' && company.command.scope).toEqual({ kind: 'company' });
  });

  it('answers bad input with the goal usage', () => {
    for (const [text, why] of [
      ['goal', /Say what to do/],
      ['goal sett revenue 1 2026-03', /not a goal command/],
      ['goal set', /Name the metric/],
      ['goal set profit 1 2026-03', /not a metric/],
      ['goal set revenue', /Give the amount/],
      ['goal set revenue 1 2026-03 @sam', /plain text/],
      ['goal set revenue 1 2026-03 region:North category:Paper', /one scope/],
    ] as const) {
      const r = parseCommand(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) {
        expect(r.usage.message, text).toMatch(why);
        expect(r.usage.command).toBe('goal');
        expect(r.usage.usage).toMatch(/goal set revenue\|orders\|new_customers/);
      }
    }
  });
});
