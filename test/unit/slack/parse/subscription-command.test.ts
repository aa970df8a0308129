import { describe, expect, it } from 'vitest';
import { cronProblem, describeCron } from '../../../../src/lib/cron.js';
import { REPORTS } from '../../../../src/reports/registry.js';
import type { ParseResult, SlashCommand } from '../../../../src/slack/parse/command.js';
import { parseCommand } from '../../../../src/slack/parse/command.js';
import { parseAt, parseSubscriptionCommand } from '../../../../src/slack/parse/subscription-command.js';
import { randomText, rng } from '../../../helpers/fuzz.js';

type Subscribe = Extract<SlashCommand, { kind: 'subscribe' }>;

function sub(text: string): Subscribe {
  const r = parseSubscriptionCommand(text, REPORTS);
  if (!r?.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${r ? r.usage.message : 'not a subscription command'}`);
  if (r.command.kind !== 'subscribe') throw new Error(`expected subscribe, got ${r.command.kind}`);
  return r.command;
}

function bad(text: string): Extract<ParseResult, { ok: false }>['usage'] {
  const r = parseSubscriptionCommand(text, REPORTS);
  if (!r || r.ok) throw new Error(`expected ${JSON.stringify(text)} to be a usage error, got ${JSON.stringify(r)}`);
  return r.usage;
}

describe('subscribe: what, when, where', () => {
  it('reads a report with a weekly day, a time, a channel picked from the list, and filters', () => {
    const c = sub('subscribe rfm weekly mon at 08:00 <#C0123SALES|sales> region:North');
    expect(c.subject).toMatchObject({ kind: 'report', report: 'rfm', filters: { region: ['North'] } });
    expect(c.schedule).toEqual({ every: 'week', at: '08:00', on: 1, cron: '0 8 * * 1' });
    expect(c.target).toEqual({ kind: 'channel', channelId: 'C0123SALES' });
    expect(c.filterMap).toEqual({ region: 'North' });
    expect(c.skipWhenEmpty).toBe(false);
  });

  it('accepts `subscribe report <name>`, daily, `at 7:30`, me', () => {
    const c = sub('subscribe report churn daily at 7:30 me');
    expect(c.subject).toMatchObject({ kind: 'report', report: 'churn' });
    expect(c.schedule.cron).toBe('30 7 * * *');
    expect(c.target).toEqual({ kind: 'me' });
  });

  it('reads monthly <day>, 12-hour times and defaults the place to here', () => {
    const c = sub('subscribe digest monthly 15 at 9pm');
    expect(c.subject).toEqual({ kind: 'digest' });
    expect(c.schedule).toEqual({ every: 'month', at: '21:00', on: 15, cron: '0 21 15 * *' });
    expect(c.target).toEqual({ kind: 'here' });
  });

  it('takes a cron pattern in straight or curly quotes and a person picked from the list', () => {
    const straight = sub('subscribe digest cron "0 8 * * 1-5" <@U0DANA|dana>');
    expect(straight.schedule).toEqual({ every: 'cron', at: '', cron: '0 8 * * 1-5' });
    expect(straight.target).toEqual({ kind: 'user', userId: 'U0DANA' });
    const curly = sub('subscribe digest cron “30  6 1 * *” me');
    expect(curly.schedule.cron).toBe('30 6 1 * *');
  });

  it('keeps the older `at:` and `on:` forms and the flags', () => {
    const c = sub('subscribe abc at:18:15 on:tue skip-empty only-changed');
    expect(c.schedule).toEqual({ every: 'week', at: '18:15', on: 2, cron: '15 18 * * 2' });
    expect(c.skipWhenEmpty).toBe(true);
    expect(c.onlyWhenChanged).toBe(true);
  });

  it('defaults: reports weekly on Monday at 08:00, alerts daily; per-salesman alerts go to me', () => {
    expect(sub('subscribe kpi').schedule.cron).toBe('0 8 * * 1');
    const alert = sub('subscribe alert churn <#C0STOCK>');
    expect(alert.subject).toEqual({ kind: 'alert', alert: 'churn' });
    expect(alert.schedule.cron).toBe('0 8 * * *');
    expect(sub('subscribe alert crosssell weekly fri').target).toEqual({ kind: 'me' });
    expect(sub('subscribe alert at-risk daily salesmen').target).toEqual({ kind: 'salesmen' });
    const anomalies = sub('subscribe alert anomalies weekly mon <#C0STOCK> region:North');
    expect(anomalies.subject).toEqual({ kind: 'alert', alert: 'anomalies' });
    expect(anomalies.schedule.cron).toBe('0 8 * * 1');
    // Anomalies go to one place by default, or to every salesman about his own book.
    expect(sub('subscribe alert anomalies daily').target).toEqual({ kind: 'here' });
    expect(sub('subscribe alert anomalies daily at 08:00 salesmen').target).toEqual({ kind: 'salesmen' });
  });

  it('writes a canonical form that parses back to the same request', () => {
    for (const text of [
      'subscribe rfm weekly mon at 08:00 <#C0123SALES|sales> region:"North East" last:90d',
      'subscribe digest cron "0 8 * * 1-5" <@U0DANA|dana> only-changed',
      'subscribe alert slow monthly 3 at 6am <#C0STOCK>',
      'subscribe alert crosssell weekly salesmen',
      'subscribe churn daily me skip-empty',
    ]) {
      const first = sub(text);
      const again = sub(first.canonical);
      expect(again).toEqual(first);
    }
  });

  it('goes through /sales parsing the same way', () => {
    const r = parseCommand('subscribe rfm weekly tue at 10:00 me');
    expect(r.ok && r.command.kind === 'subscribe' && r.command.schedule.cron).toBe('0 10 * * 2');
  });
});

describe('subscribe: usage errors with a way out', () => {
  it.each([
    ['subscribe', /what to subscribe to/],
    ['subscribe rmf weekly', /not a report/],
    ['subscribe alert', /Name the alert/],
    ['subscribe alert chrun daily', /not an alert/],
    ['subscribe rfm weekly monthly', /one schedule/],
    ['subscribe rfm daily cron "0 8 * * *"', /one schedule/],
    ['subscribe rfm cron "0 25 * * *"', /hour: "25" is outside 0–23/],
    ['subscribe rfm cron "0 8 * *"', /5 fields/],
    ['subscribe rfm cron', /needs a pattern/],
    ['subscribe rfm cron "0 8 * * 1" at 09:00', /already says when/],
    ['subscribe rfm monthly 31', /1 to 28/],
    ['subscribe rfm daily at 25:00', /not a time/],
    ['subscribe rfm daily at', /needs a time/],
    ['subscribe rfm daily on:mon', /does not go with daily/],
    ['subscribe rfm weekly #sales', /pick the channel/],
    ['subscribe rfm weekly @dana', /pick the person/],
    ['subscribe rfm weekly me <#C0SALES>', /one place/],
    ['subscribe rfm weekly limit:5', /filters only/],
    ['subscribe affinity weekly min-support:0.02', /filters only/],
    ['subscribe rfm weekly salesmen', /goes with the alerts at-risk, crosssell, deals, pacing and anomalies/],
    ['subscribe alert churn weekly salesmen', /goes with the alerts at-risk, crosssell, deals, pacing and anomalies/],
    ['subscribe alert at-risk weekly <#C0SALES>', /about their own customers/],
    ['subscribe alert crosssell here', /about their own customers/],
  ])('%s', (text, message) => {
    const u = bad(text);
    expect(u.message).toMatch(message);
    expect(u.command).toBe('subscribe');
    expect(u.usage).toContain('/sales subscribe');
  });

  it('suggests the near word', () => {
    expect(bad('subscribe alert chrun').suggestion).toBe('churn');
    expect(bad('subscribe rmf weekly').suggestion).toBe('rfm');
    expect(bad('subscribe rfm wekly').suggestion).toBe('weekly');
    expect(bad('subscribe rfm weekly regoin:North').suggestion).toBe('region:');
    expect(bad('subscribe rfm daily at 25:00').suggestion).toBe('at 08:00');
  });
});

describe('subscriptions, unsubscribe, pause, resume, status', () => {
  it('reads the id commands and the bare words', () => {
    expect(parseSubscriptionCommand('subscriptions', REPORTS)).toEqual({ ok: true, command: { kind: 'subscriptions' } });
    expect(parseSubscriptionCommand('status', REPORTS)).toEqual({ ok: true, command: { kind: 'status' } });
    expect(parseSubscriptionCommand('pause 4', REPORTS)).toEqual({ ok: true, command: { kind: 'pause', subscriptionId: 4 } });
    expect(parseSubscriptionCommand('resume #9', REPORTS)).toEqual({ ok: true, command: { kind: 'resume', subscriptionId: 9 } });
    expect(parseSubscriptionCommand('unsubscribe 12', REPORTS)).toEqual({ ok: true, command: { kind: 'unsubscribe', subscriptionId: 12 } });
    expect(parseSubscriptionCommand('rfm last:30d', REPORTS)).toBeUndefined();
  });

  it('refuses what is not an id or extra words', () => {
    expect(bad('unsubscribe').message).toMatch(/Say which subscription to remove/);
    expect(bad('pause three').message).toMatch(/not a subscription id/);
    expect(bad('resume 0').message).toMatch(/not a subscription id/);
    expect(bad('status please').message).toMatch(/takes nothing after it/);
  });

  it('never throws on random input', () => {
    const next = rng(5);
    for (let i = 0; i < 500; i++) {
      const text = `subscribe ${randomText(next)}`;
      const r = parseSubscriptionCommand(text, REPORTS)!;
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.usage.message.length).toBeGreaterThan(0);
    }
  });
});

describe('times and cron patterns', () => {
  it('reads times', () => {
    expect(parseAt('8')).toBe('08:00');
    expect(parseAt('08:05')).toBe('08:05');
    expect(parseAt('12am')).toBe('00:00');
    expect(parseAt('12pm')).toBe('12:00');
    expect(parseAt('13pm')).toBeUndefined();
    expect(parseAt('7.45')).toBe('07:45');
  });

  it('checks every field of a cron pattern', () => {
    expect(cronProblem('*/15 8-18 * * mon-fri')).toBeUndefined();
    expect(cronProblem('0 8 1,15 jan-jun 7')).toBeUndefined();
    expect(cronProblem('0 8 * * 8')).toMatch(/day of week/);
    expect(cronProblem('0 8 0 * *')).toMatch(/day of month/);
    expect(cronProblem('0 8 * * 5-1')).toMatch(/outside/);
    expect(cronProblem('*/0 * * * *')).toMatch(/step/);
    expect(cronProblem('a b c d e')).toMatch(/minute/);
  });

  it('describes the common patterns', () => {
    expect(describeCron('0 8 * * 1')).toBe('every Monday at 08:00');
    expect(describeCron('30 7 * * *')).toBe('every day at 07:30');
    expect(describeCron('0 9 * * 1-5')).toBe('weekdays at 09:00');
    expect(describeCron('0 6 3 * *')).toBe('monthly on day 3 at 06:00');
    expect(describeCron('*/5 * * * *')).toBe('cron */5 * * * *');
  });
});
