import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSubscriptions } from '../../../src/db/queries/subscriptions.js';
import { openJobsControl } from '../../../src/jobs/control.js';
import { createInProcessRunner } from '../../../src/jobs/in-process.js';
import { createQueues } from '../../../src/jobs/queues.js';
import { reconcileSchedules, subscriptionSchedulerId } from '../../../src/jobs/schedules.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { daysAgo } from '../../helpers/fixtures.js';
import { seed } from '../../helpers/seed.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../helpers/services.js';
import { SlackHarness } from '../../helpers/slack-harness.js';
import { jobSettings, postsTo, posterFor, redisFor, silentLog, slackUser } from '../jobs/jobs-setup.js';
import { text, type Msg } from './message-parts.js';

/**
 * Issue 15 part 4, following a metric: `/sales follow|following|unfollow` through the real Bolt app
 * (signed HTTP, fake Slack), the follow digests' schedulers on this machine's Redis, and the digest
 * itself through the real job processor, on data whose figures are worked out by hand below.
 *
 * Weekly periods end yesterday (the data's last day): current = 7..1 days ago (o5 is yesterday), previous = 14..8 days ago.
 *   previous: o1 Acme (Iberia, Ann)  Printer 1×100 = 100   · o2 Beta (Iberia, Bob) Printer 2×100 = 200
 *             o3 Gamma (Nordics, Bob) Paper 10×5 = 50
 *   current:  o4 Acme Printer 3×100 = 300 · o5 Acme Paper 4×5 = 20 · o6 Beta Paper 2×5 = 10
 *             o7 Gamma Paper 20×5 = 100
 * Revenue region:Iberia: 330 vs 300 (+30, +10.0%); by customer Acme 100 → 320 (+220), Beta 200 → 10 (−190).
 * Orders region:Iberia: 3 vs 2 (+50.0%). Average basket region:Iberia: 110 vs 150 (−26.7%).
 * Ann's own book (Acme): revenue 320 vs 100 (+220.0%); everyone's: 430 vs 350.
 */
describe('following metrics from Slack', () => {
  let t: TestDatabase;
  let h: SlackHarness;
  const prefix = `hb_fol_${randomBytes(4).toString('hex')}`;
  const redis = redisFor(prefix);
  const jobs = openJobsControl({ redisUrl: TEST_REDIS_URL, prefix, timeZone: 'UTC' });

  const answer = async (commandText: string, user = 'U0ADMIN'): Promise<Msg> => {
    const r = await h.command(commandText, user);
    // A usage error is answered in the acknowledgement itself; everything else after it.
    const ack = r.body ? (JSON.parse(r.body) as Msg) : {};
    if (ack.blocks && !JSON.stringify(ack).includes('Working on it')) {
      expect(blockKitViolations(ack as never)).toEqual([]);
      return ack;
    }
    const [m] = await h.responsesTo(r.responseUrl);
    expect(blockKitViolations(m as never)).toEqual([]);
    return m!;
  };
  const followId = (m: Msg) => Number(/#(\d+)/.exec(String(m.text))?.[1]);
  const runDigest = async (subscriptionId: number, key: string) => {
    const runner = createInProcessRunner({ database: t.database, slack: posterFor(h.slack), log: silentLog(), settings: jobSettings(), charts: true });
    const [r] = await runner.run('subscription-run', { subscriptionId, runKey: key, trigger: 'manual' }, key);
    if (r!.error) throw r!.error;
    return r!;
  };
  const followDigestOf = async (owner: string, cadence: 'daily' | 'weekly') =>
    (await listSubscriptions(t.database, { ownerSlackUserId: owner })).find((s) => s.kind === 'follow' && s.subject === cadence);

  beforeAll(async () => {
    t = await createTestDatabase();
    await seed()
      .salesman('S1', { name: 'Ann Smith', email: 'ann@example.com', region: 'Iberia' })
      .salesman('S2', { name: 'Bob Jones', email: 'bob@example.com', region: 'Nordics' })
      .customer('C1', { name: 'Acme GmbH', region: 'Iberia', salesman: 'S1' })
      .customer('C2', { name: 'Beta Inc', region: 'Iberia', salesman: 'S2' })
      .customer('C3', { name: 'Gamma Ltd', region: 'Nordics', salesman: 'S2' })
      .product('P1', { name: 'Printer', category: 'Hardware', price: 100 })
      .product('P2', { name: 'Paper', category: 'Supplies', price: 5 })
      .sale({ order: 'o0', on: daysAgo(20), customer: 'C1', product: 'P1', qty: 1, price: 100, salesman: 'S1' })
      .sale({ order: 'o1', on: daysAgo(10), customer: 'C1', product: 'P1', qty: 1, price: 100, salesman: 'S1' })
      .sale({ order: 'o2', on: daysAgo(9), customer: 'C2', product: 'P1', qty: 2, price: 100, salesman: 'S2' })
      .sale({ order: 'o3', on: daysAgo(12), customer: 'C3', product: 'P2', qty: 10, price: 5, salesman: 'S2' })
      .sale({ order: 'o4', on: daysAgo(3), customer: 'C1', product: 'P1', qty: 3, price: 100, salesman: 'S1' })
      .sale({ order: 'o5', on: daysAgo(1), customer: 'C1', product: 'P2', qty: 4, price: 5, salesman: 'S1' })
      .sale({ order: 'o6', on: daysAgo(5), customer: 'C2', product: 'P2', qty: 2, price: 5, salesman: 'S2' })
      .sale({ order: 'o7', on: daysAgo(4), customer: 'C3', product: 'P2', qty: 20, price: 5, salesman: 'S2' })
      .load(t.database);
    h = await new SlackHarness(t.database, { adminIds: ['U0ADMIN'], jobs }).start();
    h.slack.users.set('U0ADMIN', { id: 'U0ADMIN', email: 'boss@example.com', tz: 'Europe/Madrid' });
    h.slack.users.set('U0ANN', { id: 'U0ANN', email: 'ann@example.com', tz: 'America/New_York' });
    await slackUser(t.database, 'U0ANN', 'salesman', 'S1');
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await jobs.close();
    await redis.clear();
    await redis.close();
    await t?.drop();
  });

  it('follow, following and unfollow round trip, the digest scheduled in the follower\'s own time zone', async () => {
    const made = await answer('follow revenue region:iberia');
    const id = followId(made);
    expect(text(made)).toContain('Following Revenue (region Iberia) · weekly');
    const digest = (await followDigestOf('U0ADMIN', 'weekly'))!;
    // Monday 08:00 on the follower's clock (Slack's users.info tz), not the server's.
    expect(digest).toMatchObject({ kind: 'follow', target: 'U0ADMIN', cron: '0 8 * * 1', timeZone: 'Europe/Madrid' });
    const next = (await jobs.nextRuns()).get(digest.id)!;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Madrid', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(next));
    expect(local).toBe('Mon 08:00');

    expect(text(await answer('follow sales Iberia'))).toContain(`You already follow Revenue (region Iberia) · weekly (#${id})`);
    const basket = followId(await answer('follow avg basket daily region:Iberia'));
    const listed = text(await answer('following'));
    expect(listed).toContain(`#${id} Revenue (region Iberia) · weekly`);
    expect(listed).toContain(`#${basket} Average basket (region Iberia) · daily`);
    const daily = (await followDigestOf('U0ADMIN', 'daily'))!;
    expect((await jobs.nextRuns()).has(daily.id)).toBe(true);

    // Unfollowing the last daily follow removes that digest and its scheduler.
    expect(text(await answer(`unfollow ${basket}`))).toContain(`Stopped following #${basket}`);
    expect(await followDigestOf('U0ADMIN', 'daily')).toBeUndefined();
    expect((await jobs.nextRuns()).has(daily.id)).toBe(false);
    expect(text(await answer('unfollow revenue region:Iberia'))).toContain(`Stopped following #${id}`);
    expect(text(await answer('following'))).toContain('You follow no metric yet');
    expect((await jobs.nextRuns()).has(digest.id)).toBe(false);
  });

  it('reads the words people type for metrics, cadences and filters', async () => {
    const cases: [string, string][] = [
      ['follow customers weekly', 'Active customers · weekly'],
      ['follow active customers category:supplies', 'Active customers (category Supplies) · weekly'],
      ['follow average order value daily Iberia', 'Average basket (region Iberia) · daily'],
      ['follow orders <@U0ANN|ann>', 'Orders (salesman S1) · weekly'],
      ['follow turnover salesman:"Bob Jones"', 'Revenue (salesman S2) · weekly'],
    ];
    for (const [typed, shown] of cases) expect(text(await answer(typed))).toContain(`Following ${shown}`);
    // `me` is the asker's own salesman.
    expect(text(await answer('follow orders me', 'U0ANN'))).toContain('Following Orders (salesman S1) · weekly');
    const listed = text(await answer('following'));
    for (const [, shown] of cases) expect(listed).toContain(shown);
    const ids = [...listed.matchAll(/#(\d+) /g)].map((m) => m[1]).join(',');
    expect(text(await answer(`unfollow ${ids}`))).toContain('Stopped following');
    await answer('unfollow orders me', 'U0ANN');
  });

  it('answers bad input with the usage, written with values from the asker\'s data', async () => {
    const unknownMetric = text(await answer('follow revnue region:Iberia'));
    expect(unknownMetric).toContain('is not a metric you can follow');
    expect(unknownMetric).toContain('Did you mean revenue');
    // The usage example names a region and a category the data has, not the placeholders.
    expect(unknownMetric).toMatch(/follow revenue region:(Iberia|Nordics)/);
    expect(unknownMetric).toMatch(/category:(Hardware|Supplies)/);
    expect(unknownMetric).not.toContain('region:North');
    expect(text(await answer('follow revenue last:30d'))).toContain('takes no dates');
    const noRegion = text(await answer('follow revenue region:Atlantis'));
    expect(noRegion).toContain('Atlantis');
    expect(noRegion).toMatch(/Iberia/);
    expect(text(await answer('unfollow 99999'))).toContain('You follow nothing with the id 99999');
    // A salesman cannot follow someone else's book.
    expect(text(await answer('follow revenue salesman:S2', 'U0ANN'))).toMatch(/your own customers only/i);
  });

  it('sends the weekly digest by DM: value, change, trend, drivers and detractors in sentences, one chart', async () => {
    await answer('follow revenue region:Iberia');
    await answer('follow orders region:Iberia');
    await answer('follow avg basket region:Iberia');
    const digest = (await followDigestOf('U0ADMIN', 'weekly'))!;
    h.slack.reset();
    const r = await runDigest(digest.id, 'fol-admin-1');
    expect(r.outcome).toMatchObject({ status: 'sent', messages: 1 });
    const [post] = postsTo(h.slack, 'U0ADMIN');
    expect(blockKitViolations(post!.args)).toEqual([]);
    const body = JSON.stringify(post!.args.blocks);
    expect(String(post!.args.text)).toMatch(/^Your weekly metrics · /);
    expect(body).toContain(`${daysAgo(7)} – ${daysAgo(1)}`);
    expect(body).toContain('*Revenue* (region Iberia): 330 (+10.0% vs 300 the week before)');
    expect(body).toContain('*Orders* (region Iberia): 3 (+50.0% vs 2 the week before)');
    expect(body).toContain('*Average basket* (region Iberia): 110 (-26.7% vs 150 the week before)');
    expect(body).toContain('↑ Customer *Acme GmbH* added 220 (100 → 320).');
    expect(body).toContain('↓ Customer *Beta Inc* took away 190 (200 → 10).');
    expect(body).toMatch(/Trend, last 8 weeks: `[▁▂▃▄▅▆▇█ ]{8}`/);
    // No forecast yet: no "expected" range is claimed.
    expect(body).not.toContain('expected');
    expect((body.match(/"slack_file":\{"id":"F[0-9A-F]+"\}/g) ?? []).length).toBe(1);
    // Sent once per run, however often the job is retried.
    await runDigest(digest.id, 'fol-admin-1');
    expect(postsTo(h.slack, 'U0ADMIN')).toHaveLength(1);
  });

  it("a salesman's digest shows his own book only, whatever he follows", async () => {
    await answer('follow revenue', 'U0ANN');
    await answer('follow revenue region:Iberia', 'U0ANN');
    const digest = (await followDigestOf('U0ANN', 'weekly'))!;
    expect(digest.timeZone).toBe('America/New_York');
    h.slack.reset();
    await runDigest(digest.id, 'fol-ann-1');
    const [post] = postsTo(h.slack, 'U0ANN');
    const body = JSON.stringify(post!.args.blocks);
    expect(body).toContain('*Revenue*: 320 (+220.0% vs 100 the week before)');
    expect(body).toContain('*Revenue* (region Iberia): 320 (+220.0% vs 100 the week before)');
    expect(body).toContain('your customers (Ann Smith)');
    for (const other of ['Beta Inc', 'Gamma Ltd', '430', '330']) expect(body).not.toContain(other);
  });

  it('App Home lists what the person follows', async () => {
    h.slack.reset();
    await h.event({ type: 'app_home_opened', user: 'U0ANN', channel: 'D1', tab: 'home' });
    await h.slack.waitFor(() => h.slack.callsTo('views.publish').length > 0);
    const view = h.slack.callsTo('views.publish')[0]!.args.view as Msg;
    expect(blockKitViolations(view as never, { view: true })).toEqual([]);
    const home = text(view);
    expect(home).toContain('What you follow');
    expect(home).toContain('Revenue (region Iberia) · weekly');
    expect(home).toContain('Revenue · weekly');
  });

  it('a follow after the person moved re-times their digest to 08:00 on the new clock', async () => {
    h.slack.users.set('U0ANN', { id: 'U0ANN', email: 'ann@example.com', tz: 'Asia/Tokyo' });
    await answer('follow orders', 'U0ANN');
    const digest = (await followDigestOf('U0ANN', 'weekly'))!;
    expect(digest.timeZone).toBe('Asia/Tokyo');
    const next = (await jobs.nextRuns()).get(digest.id)!;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(next));
    expect(local).toBe('Mon 08:00');
    await answer('unfollow orders', 'U0ANN');
    h.slack.users.set('U0ANN', { id: 'U0ANN', email: 'ann@example.com', tz: 'America/New_York' });
    await answer('follow revenue', 'U0ANN');
  });

  it('the workers re-create a follow digest scheduler from the table after Redis lost it', async () => {
    const digest = (await followDigestOf('U0ANN', 'weekly'))!;
    const queues = createQueues(redisFor(prefix));
    await queues.byName.runs.removeJobScheduler(subscriptionSchedulerId(digest.id));
    const r = await reconcileSchedules(queues, () => listSubscriptions(t.database), 'UTC');
    expect(r.created).toBeGreaterThanOrEqual(1);
    expect(await queues.byName.runs.getJobScheduler(subscriptionSchedulerId(digest.id))).toMatchObject({ pattern: '0 8 * * 1', tz: 'America/New_York' });
    await queues.close();
  });

  it('answers "scheduler unreachable, try again" when Redis is down, and saves nothing', async () => {
    const down = openJobsControl({ redisUrl: 'redis://127.0.0.1:1', prefix: `${prefix}_down`, timeZone: 'UTC' });
    const h2 = await new SlackHarness(t.database, { adminIds: ['U0ADMIN'], jobs: down }).start();
    try {
      const before = (await listSubscriptions(t.database)).length;
      const r = await h2.command('follow orders region:Nordics', 'U0ADMIN');
      const [m] = await h2.responsesTo(r.responseUrl);
      expect(text(m!)).toMatch(/scheduler is unreachable.*try again/i);
      expect((await listSubscriptions(t.database)).length).toBe(before);
    } finally {
      await h2.stop();
      await down.close().catch(() => {});
    }
  });
});
