import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/lib/text-tokens.js';
import { REPORTS } from '../../../src/reports/registry.js';
import { parseCommand, type ParseResult, type SlashCommand } from '../../../src/slack/parse/command.js';
import { optionExample, optionName } from '../../../src/slack/parse/report-options.js';
import { quoteToken, tokenizeSpans } from '../../../src/slack/parse/tokens.js';
import { randomReportText, randomText, rng } from './fuzz.js';

function ok(text: string): SlashCommand {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${r.usage.message}`);
  return r.command;
}

function bad(text: string): Extract<ParseResult, { ok: false }>['usage'] {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be a usage error, got ${JSON.stringify(r.command)}`);
  return r.usage;
}

function report(text: string) {
  const c = ok(text);
  if (c.kind !== 'report') throw new Error(`expected a report, got ${c.kind}`);
  return c;
}

describe('parseCommand: help', () => {
  it.each([
    ['', undefined],
    ['   ', undefined],
    ['help', undefined],
    ['HELP rfm', 'rfm'],
    ['help Log', 'log'],
    ['?', undefined],
  ])('%j → help %s', (text, topic) => {
    expect(ok(text)).toEqual(topic === undefined ? { kind: 'help' } : { kind: 'help', topic });
  });
});

describe('parseCommand: reports', () => {
  it.each(REPORTS.map((r) => r.name))('%s parses bare, upper-cased and with filters', (name) => {
    expect(report(name)).toEqual({ kind: 'report', report: name, filters: {}, options: {}, public: false, canonical: name });
    expect(report(name.toUpperCase()).report).toBe(name);
    const c = report(`${name} last:90d region:North`);
    expect(c.filters).toEqual({ last: { amount: 90, unit: 'd' }, region: ['North'] });
    expect(c.canonical).toBe(`${name} last:90d region:North`);
  });

  it('reads every filter, as-of, limit and public anywhere; canonical drops public and normalizes order', () => {
    const c = report('rfm public limit:5 customer:C1,C2 Region:North,"South East" as-of:2024-03-31 from:2024-01-01 to:2024-03-01 salesman:S1 category:Paper');
    expect(c).toEqual({
      kind: 'report',
      report: 'rfm',
      filters: { from: '2024-01-01', to: '2024-03-01', region: ['North', 'South East'], salesman: ['S1'], category: ['Paper'], customer: ['C1', 'C2'] },
      options: {},
      asOf: '2024-03-31',
      limit: 5,
      public: true,
      canonical: 'rfm from:2024-01-01 to:2024-03-01 region:"North,South East" salesman:S1 category:Paper customer:C1,C2 as-of:2024-03-31 limit:5',
    });
    expect(report('PUBLIC churn').public).toBe(true);
  });

  it('accepts Slack curly quotes and the CLI word order `report <name>`', () => {
    expect(report('geo region:“New York”').filters.region).toEqual(['New York']);
    expect(report('report rfm last:30d').canonical).toBe('rfm last:30d');
  });

  it('reads report options written name:value, converted by the report’s own parser', () => {
    const c = report('crosssell min-support:0.02 min-confidence:0.3 max-len:3 per-customer:2 region:North');
    expect(c.options).toEqual({ minSupport: 0.02, minConfidence: 0.3, maxLen: 3, perCustomer: 2 });
    expect(c.canonical).toBe('crosssell region:North min-support:0.02 min-confidence:0.3 max-len:3 per-customer:2');
    expect(report('clv unit:WEEK months:6').options).toEqual({ unit: 'week', months: 6 });
    expect(report('why period:14').options).toEqual({ period: 14 });
  });

  it('every option of every report has a Slack name from its flag, and its help example parses', () => {
    for (const r of REPORTS) {
      for (const o of r.options) {
        expect(optionName(o)).toMatch(/^[a-z][a-z0-9-]*$/);
        const example = optionExample(o);
        if (!example.includes('<')) expect(report(`${r.name} ${example}`).options[o.key]).toBeDefined();
      }
    }
  });

  it('canonical text parses back to the same request (round trip), odd quotes included', () => {
    const texts = [
      'rfm last:12w region:"A B",C',
      'crosssell min-support:0.015 salesman:S1,S2 limit:0',
      'geo region:“He said \"hi\"”',
      'abc category:"Tom’s “best” \"paper\""',
      'clv discount:0.02 horizon:26 unit:day months:3 as-of:2024-02-29',
    ];
    for (const text of texts) {
      const first = report(text);
      const again = report(first.canonical);
      expect(again).toEqual(first);
      expect(again.canonical).toBe(first.canonical);
    }
  });

  it.each([
    ['rfm regoin:North', /"regoin:" is not a filter or option of rfm/, 'region:'],
    ['rfm min-supprt:0.1', /"min-supprt:" is not a filter or option of rfm/, undefined],
    ['crosssell min-supprt:0.1', /not a filter or option of crosssell/, 'min-support:'],
    ['rfm min-support:0.1', /min-support: is an option of .*affinity.*not of rfm/, undefined],
    ['affinity min-support:2', /min-support: must be a fraction/, undefined],
    ['clv months:0', /months: must be a whole number/, undefined],
    ['rfm last:ninety', /last: "ninety" is not a period/, undefined],
    ['rfm from:2024-02-30', /from: "2024-02-30" is not a date/, undefined],
    ['rfm as-of:yesterday', /as-of: "yesterday" is not a date/, 'as-of:YYYY-MM-DD'],
    ['rfm limit:-1', /limit: "-1" is not a number of rows/, undefined],
    ['rfm limit:5 limit:6', /limit: is given twice/, undefined],
    ['rfm 90d', /a period is written last:90d/, 'last:90d'],
    ['rfm pubilc', /"pubilc" is not a filter or option of rfm/, 'public'],
    ['rfm region', /region needs a value/, 'region:'],
    ['rfm <@U123ABC|bob>', /filter by salesman/, 'salesman:'],
  ])('%s → usage naming the token', (text, message, suggestion) => {
    const u = bad(text);
    expect(u.message).toMatch(message);
    expect(u.command).toBe(text.split(' ')[0]);
    expect(u.usage).toContain(`/sales ${u.command}`);
    expect(u.suggestion).toBe(suggestion);
  });

  it('the usage for a report lists its own options', () => {
    // A bare word is now a name to resolve against the data (issue 11), so the bad token has a colon.
    expect(bad('crosssell nonsense:1').usage).toMatch(/min-support:<x>.*per-customer:<n>/s);
    expect(report('crosssell nonsense').filters.words).toEqual(['nonsense']);
  });
});

describe('parseCommand: unknown words', () => {
  it.each([
    ['rfn', 'rfm'],
    ['chrun last:90d', 'churn'],
    ['hepl', 'help'],
    ['subscibe rfm', 'subscribe'],
    ['adimn role', 'admin'],
  ])('%s suggests %s', (text, suggestion) => {
    const u = bad(text);
    expect(u.message).toMatch(/I don't know the command/);
    expect(u.suggestion).toBe(suggestion);
  });

  it('no suggestion for something far from every word', () => {
    expect(bad('xyzzyqwerty').suggestion).toBeUndefined();
  });
});

describe('parseCommand: log', () => {
  it('reads the type, a quoted customer and the notes verbatim', () => {
    expect(ok('log visit "Acme Corp" left samples, said "call back"')).toEqual({
      kind: 'log',
      activityType: 'visit',
      customer: 'Acme Corp',
      notes: 'left samples, said "call back"',
    });
    expect(ok('LOG Call C00042')).toEqual({ kind: 'log', activityType: 'call', customer: 'C00042' });
    expect(ok('log meeting “Tōkyō Paper 東京” line one\nline two')).toEqual({ kind: 'log', activityType: 'meeting', customer: 'Tōkyō Paper 東京', notes: 'line one\nline two' });
    expect(ok('log email customer:C9 sent quote')).toMatchObject({ customer: 'C9', notes: 'sent quote' });
  });

  it.each([
    ['log', /Say what you did/, undefined],
    ['log vist Acme', /"vist" is not an activity type/, 'visit'],
    ['log visit', /Name the customer/, undefined],
    ['log visit ""', /Name the customer/, undefined],
  ])('%s → usage', (text, message, suggestion) => {
    const u = bad(text);
    expect(u.message).toMatch(message);
    expect(u.command).toBe('log');
    expect(u.suggestion).toBe(suggestion);
  });
});

describe('parseCommand: admin', () => {
  it('reads escaped mentions with or without a name, in either order', () => {
    expect(ok('admin role <@U123ABC|dana> manager')).toEqual({ kind: 'admin-role', userId: 'U123ABC', role: 'manager' });
    expect(ok('admin role ADMIN <@W0ABCD12>')).toEqual({ kind: 'admin-role', userId: 'W0ABCD12', role: 'admin' });
    expect(ok('admin link <@U123ABC> S001')).toEqual({ kind: 'admin-link', userId: 'U123ABC', salesmanId: 'S001' });
    expect(ok('admin link U0123ABCD salesman:S7')).toEqual({ kind: 'admin-link', userId: 'U0123ABCD', salesmanId: 'S7' });
  });

  it.each([
    ['admin role @dana manager', /Slack sent "@dana" as plain text.*pick the person/, undefined],
    ['admin role dana manager', /Name the person with @/, undefined],
    ['admin role <@U123ABC> manger', /"manger" is not a role/, 'manager'],
    ['admin link <@U123ABC>', /Give a person and a salesman id/, undefined],
    ['admin link <@U123ABC> <@U999999>', /one person only/, undefined],
    ['admin rol <@U123ABC> admin', /not an admin command/, 'admin role'],
    ['admin', /Say what to change/, undefined],
  ])('%s → usage', (text, message, suggestion) => {
    const u = bad(text);
    expect(u.message).toMatch(message);
    expect(u.command).toBe('admin');
    expect(u.suggestion).toBe(suggestion);
  });
});

describe('parseCommand: subscription words reach their parser (issue 5 owns the grammar)', () => {
  it('dispatches subscribe, subscriptions, status and the id commands', () => {
    expect(ok('subscribe rfm weekly').kind).toBe('subscribe');
    expect(bad('subscribe').command).toBe('subscribe');
    expect(ok('subscriptions')).toEqual({ kind: 'subscriptions' });
    expect(ok('status')).toEqual({ kind: 'status' });
    expect(ok('pause 3')).toEqual({ kind: 'pause', subscriptionId: 3 });
    expect(ok('resume #12')).toEqual({ kind: 'resume', subscriptionId: 12 });
    expect(ok('unsubscribe 7')).toEqual({ kind: 'unsubscribe', subscriptionId: 7 });
    expect(bad('pause three').command).toBe('pause');
    expect(bad('status now').message).toMatch(/takes nothing after it/);
  });
});

describe('parseCommand never throws', () => {
  it('on random command-like text (seeded; 3000 cases)', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const text = randomText(rng(seed));
      let r: ParseResult | undefined;
      expect(() => (r = parseCommand(text)), `seed ${seed}: ${JSON.stringify(text)}`).not.toThrow();
      if (!r!.ok) {
        expect(r!.usage.message.trim()).not.toBe('');
        expect(r!.usage.usage.trim()).not.toBe('');
      } else if (r!.command.kind === 'report') {
        // Whatever parsed, its canonical text parses to the same request.
        const again = parseCommand(r!.command.canonical);
        expect(again.ok && again.command, `seed ${seed}`).toEqual({ ...r!.command, public: false });
      }
    }
  });

  it('report requests with random filter values: canonical text parses back to the same request (seeded; 2000 cases)', () => {
    const names = REPORTS.map((r) => r.name);
    let parsed = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomReportText(rng(seed), names);
      const r = parseCommand(text);
      if (!r.ok || r.command.kind !== 'report') continue;
      parsed++;
      const again = parseCommand(r.command.canonical);
      expect(again.ok && again.command, `seed ${seed}: ${text}`).toEqual({ ...r.command, public: false });
      expect(tokenize(r.command.canonical).map((t) => t.toLowerCase())).not.toContain('public');
    }
    expect(parsed).toBeGreaterThan(1000);
  });

  it('on huge, empty-ish and non-string input', () => {
    expect(parseCommand('rfm ' + 'region:x '.repeat(2000)).ok).toBe(false);
    expect(parseCommand('x'.repeat(100_000)).ok).toBe(false);
    expect(parseCommand('"').ok).toBe(false);
    expect(parseCommand(undefined as unknown as string)).toEqual({ ok: true, command: { kind: 'help' } });
  });

  it('span tokens agree with the shared tokenizer, and quoteToken reads back unchanged', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomText(rng(seed));
      expect(tokenizeSpans(text).map((t) => t.value), `seed ${seed}`).toEqual(tokenize(text));
      for (const t of tokenize(text)) expect(tokenize(quoteToken(t)), `seed ${seed}`).toEqual([t]);
    }
  });
});
