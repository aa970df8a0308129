import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../src/lib/text-tokens.js';
import { requestFromText } from '../../../src/requests/from-slack-text.js';
import type { RequestResult } from '../../../src/requests/report-request.js';
import { optionExample, optionName } from '../../../src/requests/report-options.js';
import { REPORTS } from '../../../src/reports/registry.js';
import { randomReportText, rng } from '../../helpers/fuzz.js';

function report(text: string) {
  const r = requestFromText(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to read as a report, got: ${r.usage.message}`);
  return r.request;
}

function bad(text: string): Extract<RequestResult, { ok: false }>['usage'] {
  const r = requestFromText(text);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be a usage error, got ${JSON.stringify(r.request)}`);
  return r.usage;
}

describe('requestFromText: reports', () => {
  it.each(REPORTS.map((r) => r.name))('%s parses bare, upper-cased and with filters', (name) => {
    expect(report(name)).toEqual({ report: name, filters: {}, options: {}, public: false, canonical: name });
    expect(report(name.toUpperCase()).report).toBe(name);
    const c = report(`${name} last:90d region:North`);
    expect(c.filters).toEqual({ last: { amount: 90, unit: 'd' }, region: ['North'] });
    expect(c.canonical).toBe(`${name} last:90d region:North`);
  });

  it('reads every filter, as-of, limit and public anywhere; canonical drops public and normalizes order', () => {
    const c = report('rfm public limit:5 customer:C1,C2 Region:North,"South East" as-of:2024-03-31 from:2024-01-01 to:2024-03-01 salesman:S1 category:Paper');
    expect(c).toEqual({
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

describe('requestFromText: canonical text', () => {
  it('report requests with random filter values: canonical text parses back to the same request (seeded; 2000 cases)', () => {
    const names = REPORTS.map((r) => r.name);
    let parsed = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const text = randomReportText(rng(seed), names);
      const r = requestFromText(text);
      if (!r.ok) continue;
      parsed++;
      const again = requestFromText(r.request.canonical);
      expect(again.ok && again.request, `seed ${seed}: ${text}`).toEqual({ ...r.request, public: false });
      expect(tokenize(r.request.canonical).map((t) => t.toLowerCase())).not.toContain('public');
    }
    expect(parsed).toBeGreaterThan(1000);
  });

});
