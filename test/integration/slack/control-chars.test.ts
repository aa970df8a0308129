import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN } from '../../helpers/slack-harness.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

/** Everything the person saw for one command: the ack and, if the command went on, its answer. */
async function seen(w: SlackWorld, text: string): Promise<string> {
  const r = await w.h.command(text, 'UADMIN');
  expect(r.status).toBe(200);
  if (!/Crunching|Working on it|Logging/.test(r.body)) return r.body;
  const [answer] = await w.h.responsesTo(r.responseUrl);
  return r.body + JSON.stringify(answer);
}

describe('NUL and control characters are a usage error, never "Something went wrong"', () => {
  let w: SlackWorld;
  beforeAll(async () => {
    w = await slackWorld(600);
  }, 120_000);
  afterAll(() => w?.close());

  it.each([
    ['a NUL inside a quoted filter value', 'rfm region:"No\u0000rth"'],
    ['a NUL in a bare filter value', 'kpi customer:C\u00001'],
    ['a NUL in plain words', 'top 5 customers in No\u0000rth'],
    ['a bell in a salesman filter', 'abc salesman:S\u00070'],
    ['an escape in a category', 'abc category:Pa\u001bper'],
    ['a DEL in the report name', 'k\u007fpi'],
    ['a NUL in a subscription', 'subscribe kpi daily at 08:00 region:No\u0000rth'],
    ['a NUL in a logged note', 'log visit C1 note:hel\u0000lo'],
  ])('%s', async (_name, text) => {
    const body = await seen(w, text);
    expect(body).toMatch(/control character/);
    expect(body).not.toMatch(/Something went wrong/);
  });

  it('tabs and line breaks are still ordinary spaces', async () => {
    const body = await seen(w, 'kpi\tlast:30d\nregion:North');
    expect(body).not.toMatch(/control character/);
  });

  it('the JSON API answers 400 with the same sentence for a NUL in a parameter', async () => {
    const base = `${w.h.baseUrl}/api/analytics/abc`;
    const auth = { authorization: `Bearer ${API_TOKEN}` };
    for (const query of ['region=No%00rth', 'q=top%205%20No%01rth', 'last=30%00d', 're%00gion=North']) {
      const res = await fetch(`${base}?${query}`, { headers: auth });
      const body = (await res.json()) as { message: string };
      expect(res.status, query).toBe(400);
      expect(body.message, query).toMatch(/control character/);
    }
    expect((await fetch(`${base}?last=30d`, { headers: auth })).status).toBe(200);
  });
});
