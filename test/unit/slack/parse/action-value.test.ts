import { describe, expect, it } from 'vitest';
import {
  ACTION_IDS,
  actionIdPattern,
  decodeAction,
  decodeDealAction,
  decodeLogChoice,
  encodeAction,
  encodeDealAction,
  encodeLogChoice,
  tryEncodeAction,
  type ReportAction,
} from '../../../../src/slack/parse/action-value.js';
import { randomText, rng } from '../../../helpers/fuzz.js';

const base = { v: 1 as const, report: 'rfm', q: 'rfm last:90d region:"South East"' };

describe('report action values', () => {
  it.each<ReportAction>([
    { ...base, kind: 'page', page: 2 },
    { ...base, kind: 'export' },
    { ...base, kind: 'share', page: 0 },
    { ...base, kind: 'drill', drill: { kind: 'segment', key: "Can't Lose Them" } },
    { ...base, kind: 'drill', drill: { kind: 'customer', key: 'C<00&42>"' } },
    { v: 1, kind: 'report', report: 'crosssell', q: 'crosssell' },
  ])('round-trips $kind', (a) => {
    const value = encodeAction(a);
    expect([...value].length).toBeLessThanOrEqual(2000);
    expect(decodeAction(value)).toEqual(a);
  });

  it('a drill value for a short request fits a select option (150 characters)', () => {
    const a: ReportAction = { ...base, kind: 'drill', drill: { kind: 'segment', key: 'Needs Attention' } };
    expect(tryEncodeAction(a, 150)).toBeDefined();
  });

  it('refuses to cut a request: too long → undefined (try) or RangeError (encode)', () => {
    const long: ReportAction = { v: 1, kind: 'export', report: 'rfm', q: `rfm customer:${'C1,'.repeat(700)}C2` };
    expect(tryEncodeAction(long)).toBeUndefined();
    expect(() => encodeAction(long)).toThrow(RangeError);
    const justFits: ReportAction = { v: 1, kind: 'export', report: 'rfm', q: `rfm customer:${'x'.repeat(1900)}` };
    expect(tryEncodeAction(justFits)).toBeDefined();
  });

  it('refuses invalid actions: q not starting with the report, bad page, empty drill key', () => {
    expect(tryEncodeAction({ ...base, q: 'churn last:90d', kind: 'export' })).toBeUndefined();
    expect(tryEncodeAction({ ...base, kind: 'page', page: -1 })).toBeUndefined();
    expect(tryEncodeAction({ ...base, kind: 'page', page: 1.5 })).toBeUndefined();
    expect(tryEncodeAction({ ...base, kind: 'drill', drill: { kind: 'segment', key: '' } })).toBeUndefined();
  });

  it('decodes tampered, foreign or garbage values to null', () => {
    const good = encodeAction({ ...base, kind: 'page', page: 1 });
    const tampered = [
      good.replace('"k":"page"', '"k":"delete"'),
      good.replace('"v":1', '"v":2'),
      good.replace('"p":1', '"p":-5'),
      good.replace('"p":1', '"p":"1"'),
      good.replace('"r":"rfm"', '"r":"churn"'),
      good.replace('"r":"rfm"', '"r":"rfm; drop table"'),
      good.replace('}', ',"admin":true}'),
      good.slice(0, -1),
      JSON.stringify({ v: 1, k: 'drill', r: 'rfm', q: 'rfm', d: ['table', 'x'] }),
      JSON.stringify({ v: 1, k: 'page', r: 'rfm', q: 'rfm' }),
      '{"v":1,"k":"page","r":"rfm","q":"rfm","__proto__":{"p":1}}',
      JSON.stringify({ v: 1, k: 'drill', r: 'rfm', q: 'rfm' }),
      JSON.stringify({ v: 1, k: 'page', r: 'rfm', q: 'x'.repeat(3000) }),
      '',
      'null',
      '[]',
      '42',
      '{"v":1}',
      'report_page',
      '\u0000',
    ];
    for (const value of tampered) expect(decodeAction(value), value.slice(0, 80)).toBeNull();
    for (let seed = 1; seed <= 1000; seed++) {
      const text = randomText(rng(seed));
      expect(() => decodeAction(text)).not.toThrow();
      expect(decodeAction(text)).toBeNull();
    }
  });

  it('action ids are the documented constants and match the builder’s :n suffixes', () => {
    expect(ACTION_IDS).toEqual({
      page: 'report_page',
      export: 'report_export',
      share: 'report_share',
      drill: 'report_drill',
      open: 'report_open',
      logChooseCustomer: 'log_choose_customer',
      dealLog: 'deal_log_activity',
      dealLost: 'deal_mark_lost',
    });
    const p = actionIdPattern(ACTION_IDS.page);
    expect(['report_page', 'report_page:1', 'report_page:12'].every((id) => p.test(id))).toBe(true);
    expect(['report_pages', 'xreport_page', 'report_page:x', 'report_page:1:2'].some((id) => p.test(id))).toBe(false);
  });
});

describe('log choice values', () => {
  it('round-trips and keeps notes whole when they fit', () => {
    const value = encodeLogChoice({ activityType: 'visit', customerId: 'C00042', notes: 'left "samples" & a <note>\nline 2' })!;
    expect(decodeLogChoice(value)).toEqual({ v: 1, activityType: 'visit', customerId: 'C00042', notes: 'left "samples" & a <note>\nline 2' });
    expect(decodeLogChoice(encodeLogChoice({ activityType: 'call', customerId: 'C1' })!)).toEqual({ v: 1, activityType: 'call', customerId: 'C1' });
  });

  it.each([
    ['plain', 'a'.repeat(5000)],
    ['escape-heavy', '"\\\n\u0001'.repeat(2000)],
    ['emoji', '😀'.repeat(3000)],
  ])('cuts long %s notes to fit 2000 characters, keeping their beginning', (_, notes) => {
    const value = encodeLogChoice({ activityType: 'meeting', customerId: 'C9', notes })!;
    expect([...value].length).toBeLessThanOrEqual(2000);
    expect([...value].length).toBeGreaterThan(1900);
    const back = decodeLogChoice(value)!;
    expect(back.notes!.endsWith('…')).toBe(true);
    expect(notes.startsWith(back.notes!.slice(0, -1))).toBe(true);
  });

  it('refuses what cannot be a choice, and decodes garbage to null', () => {
    expect(encodeLogChoice({ activityType: 'visit', customerId: 'x'.repeat(300) })).toBeUndefined();
    expect(encodeLogChoice({ activityType: 'party' as 'visit', customerId: 'C1' })).toBeUndefined();
    for (const v of ['', '{}', '{"v":1,"t":"party","c":"C1"}', '{"v":1,"t":"visit","c":""}', '{"v":1,"t":"visit","c":"C1","x":1}', 'nope']) {
      expect(decodeLogChoice(v)).toBeNull();
    }
  });
});

describe('deal action values', () => {
  it('round-trip, and anything malformed or foreign reads as null', () => {
    const v = encodeDealAction({ kind: 'lost', alertId: 42, choice: 'no budget' });
    expect(v.length).toBeLessThanOrEqual(150);
    expect(decodeDealAction(v)).toEqual({ v: 1, kind: 'lost', alertId: 42, choice: 'no budget' });
    for (const bad of ['', '42', '{"v":1,"k":"drop","a":1,"c":"x"}', '{"v":1,"k":"log","a":-1,"c":"call"}', '{"v":1,"k":"log","a":1,"c":""}', '{"v":1,"k":"log","a":1,"c":"call","x":1}']) {
      expect(decodeDealAction(bad)).toBeNull();
    }
  });
});
