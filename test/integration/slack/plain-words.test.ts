import { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCsv } from '../../../src/db/import/import-csv.js';
import { rows } from '../../../src/db/sql/run.js';
import type { ReportFilters } from '../../../src/lib/report-filters.js';
import { resolveFilters, vocabulary, type Asker } from '../../../src/reports/resolve-filters.js';
import { parseCommand } from '../../../src/slack/parse/command.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { API_TOKEN } from '../../helpers/slack-harness.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

/**
 * Issue 11, "plain words": a table of things people type → the request they mean (report, filters
 * after resolution against the data, period, limit, scope), checked at the parse + resolve level and
 * answered end to end by the real Bolt app over signed HTTP with the fake Slack. Values (regions,
 * categories, salesmen, customers) come from the seeded data, imported through the real import path.
 */

type Msg = Record<string, unknown>;
const text = (m: Msg) => JSON.stringify(m);

interface Expected {
  report: string;
  filters?: ReportFilters;
  limit?: number;
  public?: boolean;
  /** Who asks (default the admin, who sees everything and is linked to no salesman). */
  user?: 'UADMIN' | 'USALES1';
  /** Report options the words imply (checked when given). */
  options?: Record<string, unknown>;
  /** What the answer must say (its header and figures), end to end. */
  says?: RegExp;
}

const month = (offset: number) => ({ when: { kind: 'calendar', unit: 'month', offset } }) as const;
const cal = (unit: 'day' | 'week' | 'month' | 'quarter' | 'year', offset: number): ReportFilters => ({ when: { kind: 'calendar', unit, offset } });

describe('plain words: phrasings → requests → answers', () => {
  let w: SlackWorld;
  let R: string;
  let R2: string;
  let CAT: string;
  let CUST: { id: string; name: string };
  let regions: string[];

  beforeAll(async () => {
    w = await slackWorld();
    const vocab = await vocabulary(w.t.database);
    regions = vocab.filter((v) => v.kind === 'region').map((v) => v.value);
    R = regions.find((r) => /^[A-Za-z]+$/.test(r))!;
    R2 = regions.find((r) => r !== R && /^[A-Za-z]+$/.test(r))!;
    const cats = vocab.filter((v) => v.kind === 'category').map((v) => v.value);
    CAT = cats.find((c) => /\s/.test(c)) ?? cats[0]!;
    const [c] = await rows<{ id: string; name: string }>(
      w.t.database,
      sql`select min(external_id) as id, name from customers where name like '% %' and name !~ '["“”,:&<>]' group by name having count(*) = 1 order by name limit 1`,
    );
    CUST = c!;
    // A customer named exactly like region R2 (real import path): the bare word R2 is then ambiguous.
    await importCsv(w.t.database, {
      kind: 'customers',
      source: Readable.from([Buffer.from(`customer_id,name,region,city,salesman_id\nZZ-AMBIG,${R2},${R},Lisbon,${w.rep1.externalId}\n`)]),
      timeZone: 'UTC',
      createMissing: false,
    });
    const made = await w.h.command('admin role <@UMANAGER|manager> manager', 'UADMIN');
    await w.h.responsesTo(made.responseUrl);
  }, 180_000);
  afterAll(() => w?.close());

  /** The table; a function because its values come from the seeded data. */
  const table = (): [string, Expected][] => {
    const rep = w.rep1;
    return [
      // Common asks → reports
      ['top customers', { report: 'rfm', options: { list: 'customers' }, says: /Top customers by revenue/ }],
      ['best customers', { report: 'rfm', options: { list: 'customers' } }],
      ['customer segments', { report: 'rfm', options: {}, says: /RFM segments/ }],
      ['show me the top customers', { report: 'rfm' }],
      ['RFM', { report: 'rfm' }],
      ['revenue', { report: 'kpi' }],
      ['sales', { report: 'kpi' }],
      ['how are we doing', { report: 'kpi' }],
      ['what changed', { report: 'why' }],
      ['why', { report: 'why' }],
      ['who is at risk', { report: 'churn' }],
      ['who is at risk?', { report: 'churn' }],
      ['at risk', { report: 'churn' }],
      ['overdue customers', { report: 'churn' }],
      ['churn', { report: 'churn' }],
      ['best sellers', { report: 'abc' }],
      ['top products', { report: 'abc' }],
      ['bundles', { report: 'affinity' }],
      ['bought together', { report: 'affinity' }],
      ['dead stock', { report: 'slow' }],
      ['not selling', { report: 'slow' }],
      ['pipeline', { report: 'funnel' }],
      ['leads', { report: 'funnel' }],
      ['win rate', { report: 'winrate' }],
      ['cross sell', { report: 'crosssell' }],
      ['upsell', { report: 'crosssell' }],
      ['when do they buy', { report: 'timing' }],
      ['by region', { report: 'geo' }],
      ['map', { report: 'geo' }],
      ['seasonal', { report: 'seasonality' }],
      ['lifetime value', { report: 'clv' }],
      ['consistency', { report: 'consistency' }],
      ['visits', { report: 'activity' }],
      ['clv top 5', { report: 'clv', limit: 5 }],
      ['top 5 customers', { report: 'rfm', limit: 5 }],
      // Natural periods
      ['revenue last month', { report: 'kpi', filters: month(-1), says: /Revenue \d{4}-\d{2}-01 – \d{4}-\d{2}-\d{2}/ }],
      ['kpi this month', { report: 'kpi', filters: month(0) }],
      ['revenue yesterday', { report: 'kpi', filters: cal('day', -1) }],
      ['sales today', { report: 'kpi', filters: cal('day', 0) }],
      ['rfm this week', { report: 'rfm', filters: cal('week', 0) }],
      ['rfm last week', { report: 'rfm', filters: cal('week', -1) }],
      ['top customers this quarter', { report: 'rfm', filters: cal('quarter', 0) }],
      ['top customers last quarter', { report: 'rfm', filters: cal('quarter', -1), options: { list: 'customers' } }],
      ['best sellers ytd', { report: 'abc', filters: cal('year', 0) }],
      ['abc mtd', { report: 'abc', filters: month(0) }],
      ['geo last year', { report: 'geo', filters: cal('year', -1) }],
      ['why last week', { report: 'why', filters: cal('week', -1) }],
      ['rfm Q3 2025', { report: 'rfm', filters: { from: '2025-07-01', to: '2025-09-30' } }],
      ['churn 2025 q4', { report: 'churn', filters: { from: '2025-10-01', to: '2025-12-31' } }],
      ['abc 2025', { report: 'abc', filters: { from: '2025-01-01', to: '2025-12-31' } }],
      ['rfm Q3', { report: 'rfm', filters: { when: { kind: 'quarter', quarter: 3 } } }],
      ['best sellers H1 2025', { report: 'abc', filters: { from: '2025-01-01', to: '2025-06-30' } }],
      ['rfm March 2025', { report: 'rfm', filters: { from: '2025-03-01', to: '2025-03-31' } }],
      ['rfm since 1 March 2025', { report: 'rfm', filters: { from: '2025-03-01' } }],
      ['rfm since March', { report: 'rfm', filters: { when: { kind: 'since-month', month: 3 } } }],
      ['since March', { report: 'kpi', filters: { when: { kind: 'since-month', month: 3 } } }],
      ['rfm last 90 days', { report: 'rfm', filters: { last: { amount: 90, unit: 'd' } } }],
      ['rfm past 3 months', { report: 'rfm', filters: { last: { amount: 3, unit: 'm' } } }],
      ['rfm last:90d', { report: 'rfm', filters: { last: { amount: 90, unit: 'd' } } }],
      ['rfm when:last-month', { report: 'rfm', filters: month(-1) }],
      ['rfm from:2025-01-01 to:2025-03-31', { report: 'rfm', filters: { from: '2025-01-01', to: '2025-03-31' } }],
      // Names from the data, any case, with or without their key
      [`rfm ${R}`, { report: 'rfm', filters: { region: [R] } }],
      [`rfm ${R.toLowerCase()}`, { report: 'rfm', filters: { region: [R] } }],
      [`rfm region:${R.toLowerCase()}`, { report: 'rfm', filters: { region: [R] } }],
      [`rfm REGION:${R.toUpperCase()}`, { report: 'rfm', filters: { region: [R] } }],
      [`abc "${CAT}"`, { report: 'abc', filters: { category: [CAT] } }],
      [`abc category:"${CAT.toLowerCase()}"`, { report: 'abc', filters: { category: [CAT] } }],
      [`churn salesman:"${rep.name}"`, { report: 'churn', filters: { salesman: [rep.externalId] } }],
      [`churn salesman:${rep.externalId}`, { report: 'churn', filters: { salesman: [rep.externalId] } }],
      [`churn salesman:${rep.externalId.toLowerCase()}`, { report: 'churn', filters: { salesman: [rep.externalId] } }],
      [`churn "${rep.name}"`, { report: 'churn', filters: { salesman: [rep.externalId] } }],
      [`churn for ${rep.name}`, { report: 'churn', filters: { salesman: [rep.externalId] } }],
      [`how did ${rep.name} do last month`, { report: 'kpi', filters: { ...month(-1), salesman: [rep.externalId] } }],
      ['revenue by salesman', { report: 'consistency' }],
      [`rfm "${CUST.name}"`, { report: 'rfm', filters: { customer: [CUST.id] } }],
      [`rfm customer:"${CUST.name.toUpperCase()}"`, { report: 'rfm', filters: { customer: [CUST.id] } }],
      [`rfm ${CUST.id}`, { report: 'rfm', filters: { customer: [CUST.id] } }],
      // Mixed
      [`top customers ${R} last quarter`, { report: 'rfm', filters: { ...cal('quarter', -1), region: [R] } }],
      [`revenue ${R} this month`, { report: 'kpi', filters: { ...month(0), region: [R] } }],
      [`best sellers "${CAT}" ytd`, { report: 'abc', filters: { ...cal('year', 0), category: [CAT] } }],
      [`top 10 customers in ${R}`, { report: 'rfm', filters: { region: [R] }, limit: 10 }],
      [`rfm ${R} public`, { report: 'rfm', filters: { region: [R] }, public: true }],
      ['public top customers', { report: 'rfm', public: true }],
      [`who is at risk in ${R}`, { report: 'churn', filters: { region: [R] } }],
      [`dead stock "${CAT}"`, { report: 'slow', filters: { category: [CAT] } }],
      [`${R} revenue last month`, { report: 'kpi', filters: { ...month(-1), region: [R] } }],
      [`what changed in ${R} last month`, { report: 'why', filters: { ...month(-1), region: [R] } }],
      [`geo region:${R.toLowerCase()},${R2.toLowerCase()}`, { report: 'geo', filters: { region: [R, R2] } }],
      // The asker's own book
      ['churn me', { report: 'churn', filters: { salesman: [rep.externalId] }, user: 'USALES1' }],
      ['my customers', { report: 'rfm', filters: { salesman: [rep.externalId] }, user: 'USALES1' }],
      ['top customers mine', { report: 'rfm', filters: { salesman: [rep.externalId] }, user: 'USALES1' }],
      ['revenue me this month', { report: 'kpi', filters: { ...month(0), salesman: [rep.externalId] }, user: 'USALES1' }],
      ['rfm salesman:me last 90 days', { report: 'rfm', filters: { last: { amount: 90, unit: 'd' }, salesman: [rep.externalId] }, user: 'USALES1' }],
    ];
  };

  const askerOf = (user: Expected['user']): Asker =>
    user === 'USALES1'
      ? { scope: { kind: 'salesman', salesmanId: w.rep1.id, salesmanExternalId: w.rep1.externalId }, me: w.rep1.externalId, role: 'salesman' }
      : { scope: { kind: 'all' }, me: null, role: 'admin' };

  it('has at least 80 phrasings', () => {
    expect(table().length).toBeGreaterThanOrEqual(80);
  });

  it('reads each phrasing into the expected request (parse + resolve against the data); canonical text reads back the same', async () => {
    const failures: string[] = [];
    for (const [phrase, e] of table()) {
      const parsed = parseCommand(phrase);
      if (!parsed.ok || parsed.command.kind !== 'report') {
        failures.push(`${phrase}: ${parsed.ok ? parsed.command.kind : parsed.usage.message}`);
        continue;
      }
      const c = parsed.command;
      let resolved: ReportFilters;
      try {
        resolved = await resolveFilters(w.t.database, c.filters, askerOf(e.user));
      } catch (err) {
        failures.push(`${phrase}: ${(err as Error).message}`);
        continue;
      }
      const got = { report: c.report, filters: resolved, limit: c.limit, public: c.public, ...(e.options ? { options: c.options } : {}) };
      const want = { report: e.report, filters: e.filters ?? {}, limit: e.limit, public: e.public ?? false, ...(e.options ? { options: e.options } : {}) };
      if (!isDeepStrictEqual(got, want)) failures.push(`${phrase}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      const again = parseCommand(c.canonical);
      if (!isDeepStrictEqual(again.ok && again.command, { ...c, public: false })) failures.push(`${phrase}: canonical ${c.canonical} reads back differently`);
    }
    expect(failures).toEqual([]);
  });

  it('answers each phrasing end to end with a report message', async () => {
    const failures: string[] = [];
    for (const [phrase, e] of table()) {
      const r = await w.h.command(phrase, e.user ?? 'UADMIN');
      if (r.status !== 200 || !r.body.includes('Crunching')) {
        failures.push(`${phrase}: ack ${r.status} ${r.body.slice(0, 200)}`);
        continue;
      }
      const [answer] = await w.h.responsesTo(r.responseUrl);
      const blocks = (answer!.blocks as Msg[] | undefined) ?? [];
      const t = text(answer!);
      if (blocks[0]?.type !== 'header' || !/data as of/i.test(t) || /:warning:/.test(t)) failures.push(`${phrase}: ${t.slice(0, 300)}`);
      else if (blockKitViolations(answer as never).length > 0) failures.push(`${phrase}: ${JSON.stringify(blockKitViolations(answer as never))}`);
      else if (answer!.response_type !== (e.public ? 'in_channel' : 'ephemeral')) failures.push(`${phrase}: ${String(answer!.response_type)}`);
      else if (e.says && !e.says.test(JSON.stringify(answer!.blocks))) failures.push(`${phrase}: does not say ${String(e.says)}: ${t.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);

  /** The reply's fallback text and its blocks' texts, JSON unescaped, for matching. */
  const plain = (m: Msg): string => [String(m.text ?? ''), ...(JSON.stringify(m.blocks ?? []).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? []).map((x) => JSON.parse(x.slice(7)) as string)].join('\n');
  const reply = async (phrase: string, user = 'UADMIN'): Promise<string> => {
    const r = await w.h.command(phrase, user);
    const body = JSON.parse(r.body) as Msg;
    if (!/Crunching/.test(r.body)) return plain(body);
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(blockKitViolations(answer as never), phrase).toEqual([]);
    return plain(answer!);
  };

  it('a word that names nothing gets a reply listing real values it could mean', async () => {
    const t = await reply('rfm Xyzzyq');
    expect(t, t).toMatch(/"Xyzzyq" is not a region, category, salesman or customer/);
    expect(t).toContain(R);
    expect(t).toContain(CAT.replace(/&/g, '&amp;'));
    expect(t).toMatch(/salesmen: /);
    expect(t).not.toMatch(/data as of/i);
  });

  it('a near name lists the customers like it', async () => {
    const part = CUST.name.split(' ')[1]!;
    const t = await reply(`rfm ${part.slice(0, -1)}x${part.slice(-1)}zz`);
    expect(t).toMatch(/is not a region, category, salesman or customer/);
    const near = await reply(`rfm ${CUST.name.split(' ')[0]!.toLowerCase()}${CUST.name.split(' ')[1]!.toLowerCase()}`);
    expect(near).toMatch(/Your data has regions: /);
  });

  it('an ambiguous word says what it could mean', async () => {
    const t = await reply(`rfm ${R2}`);
    expect(t, t).toMatch(new RegExp(`"${R2}" could mean region ${R2} or customer ${R2} \\(ZZ-AMBIG\\)`));
    expect(t).not.toMatch(/data as of/i);
    // With its key it is not ambiguous.
    expect(await reply(`rfm region:${R2}`)).toMatch(/data as of/i);
  });

  it('a filter value that names nothing lists the real ones', async () => {
    const atl = await reply('rfm region:Atlantis');
    expect(atl, atl).toMatch(new RegExp(`No region "Atlantis" in the data\\. Regions: .*${R}`));
    const nobody = await reply('churn salesman:"Nobody Atall"');
    const names = (await vocabulary(w.t.database)).filter((v) => v.kind === 'salesman').map((v) => `${v.name} (${v.value})`);
    const shown = names.filter((n) => nobody.includes(n));
    expect(shown.length, nobody).toBeGreaterThanOrEqual(Math.min(10, names.length));
    if (names.length > shown.length) expect(nobody).toContain(`and ${names.length - shown.length} more`);
    expect(await reply('rfm customer:NOPE-1')).toMatch(/No customer/);
  });

  it('a salesman asking for another salesman gets a scope sentence, not an empty answer', async () => {
    for (const ask of [`churn salesman:${w.rep2.externalId}`, `rfm "${w.rep2.name}"`, `churn salesman:"${w.rep2.name}"`]) {
      const t = await reply(ask, 'USALES1');
      expect(t, ask).toMatch(/You can see your own customers only/);
      expect(t, ask).not.toMatch(/no purchase|data as of/i);
    }
  });

  it('`me` for someone linked to no salesman says how to get linked', async () => {
    const t = await reply('rfm me', 'UADMIN');
    expect(t).toMatch(/aren't linked to a salesman|aren’t linked to a salesman/);
    expect(t).toMatch(/admin link/);
  });

  it('two periods, nonsense and typos stay usage errors', async () => {
    expect(await reply('top customers last month last year')).toMatch(/second period/);
    expect(await reply('chrun')).toContain('churn');
    expect(await reply('xyzzyqwerty')).toMatch(/I don't know the command|I don’t know the command/);
  });

  it('the JSON API reads query pairs with the same reader (no text round trip) and resolves them the same way', async () => {
    const get = (query: string) => fetch(`${w.h.baseUrl}/api/analytics/rfm?${query}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    const ok = await get(`region=${encodeURIComponent(R.toLowerCase())}&q=${encodeURIComponent('top 3 last quarter')}`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { filters: ReportFilters; customers: unknown[] };
    expect(body.filters).toEqual({ region: [R], ...cal('quarter', -1) });
    expect(body.customers.length).toBeLessThanOrEqual(3);
    const named = await get(`salesman=${encodeURIComponent(w.rep1.name)}`);
    expect(((await named.json()) as { filters: ReportFilters }).filters).toEqual({ salesman: [w.rep1.externalId] });
    const bad = await get('q=Xyzzyq');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toContain(R);
  });

  it('help and usage examples use values from the data', async () => {
    const first = regions[0]!.replace(/&/g, '&amp;');
    const help = await reply('help');
    expect(help).toContain(first);
    expect(help).not.toMatch(/region:North\b/);
    const rfmHelp = await reply('help rfm');
    expect(rfmHelp).toContain(`region:${/\s/.test(first) ? '“' : ''}${first}`);
    const usage = await reply('rfm regoin:North');
    expect(usage).toMatch(/region/);
  });
});
