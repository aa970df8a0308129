import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../src/slack/parse/command.js';

describe('follow commands', () => {
  it.each([
    ['follow revenue region:Iberia', { kind: 'follow', metric: 'revenue', cadence: 'weekly', filters: { region: ['Iberia'] } }],
    ['follow Sales daily', { kind: 'follow', metric: 'revenue', cadence: 'daily', filters: {} }],
    ['follow avg basket category:Paper', { kind: 'follow', metric: 'avg-basket', cadence: 'weekly', filters: { category: ['Paper'] } }],
    ['follow active customers me', { kind: 'follow', metric: 'active-customers', filters: { salesman: ['me'] } }],
    ['follow customers weekly Iberia', { kind: 'follow', metric: 'active-customers', filters: { words: ['Iberia'] } }],
    ['follow orders <@U0ANN|ann>', { kind: 'follow', metric: 'orders', mentionUserId: 'U0ANN' }],
    ['following', { kind: 'following' }],
    ['unfollow #3', { kind: 'unfollow', ids: [3] }],
    ['unfollow 3, 5', { kind: 'unfollow', ids: [3, 5] }],
    ['unfollow average basket region:Iberia', { kind: 'unfollow', metric: 'avg-basket', filters: { region: ['Iberia'] } }],
  ])('%s', (typed, command) => {
    const r = parseCommand(typed);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.command).toMatchObject(command);
  });

  it.each([
    ['follow', /Say which metric/],
    ['follow revnue', /not a metric you can follow/],
    ['follow revenue daily weekly', /one cadence/],
    ['follow revenue last:30d', /takes no dates/],
    ['follow revenue @bob', /pick the person/],
    ['unfollow', /Say what to stop following/],
    ['unfollow revenue daily', /takes no daily/],
    ['following everything', /takes nothing after it/],
  ])('%s → usage', (typed, message) => {
    const r = parseCommand(typed);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.usage.message).toMatch(message);
  });
});
