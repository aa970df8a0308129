import { describe, expect, it } from 'vitest';
import { parseCommand, type ParseResult, type SlashCommand } from '../../../../src/slack/parse/command.js';
import { randomText, rng } from '../../../helpers/fuzz.js';

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

describe('parseCommand: reports reach the report reader (src/requests)', () => {
  it('anything that is not a Slack command is read as a report request', () => {
    expect(report('rfm region:North public')).toEqual({ kind: 'report', report: 'rfm', filters: { region: ['North'] }, options: {}, public: true, canonical: 'rfm region:North' });
    expect(report('top customers last month').report).toBe('rfm');
    expect(bad('rfm regoin:North').usage).toContain('/sales rfm');
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

  it('on huge, empty-ish and non-string input', () => {
    expect(parseCommand('rfm ' + 'region:x '.repeat(2000)).ok).toBe(false);
    expect(parseCommand('x'.repeat(100_000)).ok).toBe(false);
    expect(parseCommand('"').ok).toBe(false);
    expect(parseCommand(undefined as unknown as string)).toEqual({ ok: true, command: { kind: 'help' } });
  });

});
