import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { envSchema, parseEnv, parseWorkdays } from '../../../src/config/env.js';

describe('parseEnv', () => {
  it('gives working defaults with nothing set (the demo path)', () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.REDIS_URL).toBeUndefined();
    expect(e.SALES_TZ).toBe('UTC');
    expect(e.PORT).toBe(3000);
    expect(e.SLACK_API_URL).toBe('https://slack.com/api/');
    expect(e.SALES_WORKDAYS).toEqual([1, 2, 3, 4, 5]);
    expect(e.SLACK_ADMIN_USER_IDS).toEqual([]);
  });

  it('treats empty strings as unset, as .env files write them', () => {
    expect(parseEnv({ DATABASE_URL: '', REDIS_URL: ' ' }).DATABASE_URL).toBeUndefined();
  });

  it('normalises the Slack API base to end with a slash', () => {
    expect(parseEnv({ SLACK_API_URL: 'http://127.0.0.1:9999/api' }).SLACK_API_URL).toBe('http://127.0.0.1:9999/api/');
  });

  it.each([
    ['DATABASE_URL', 'mysql://x', /^Configuration error: DATABASE_URL must be a URL starting with postgres:\/\//],
    ['SALES_TZ', 'Mars/Olympus', /^Configuration error: SALES_TZ must be an IANA time zone/],
    ['PORT', 'eighty', /^Configuration error: PORT /],
    ['LOG_LEVEL', 'loud', /^Configuration error: LOG_LEVEL /],
    ['SLACK_BOT_TOKEN', 'abc', /^Configuration error: SLACK_BOT_TOKEN must start with xoxb-/],
    ['SALES_WORKDAYS', 'mon-funday', /^Configuration error: SALES_WORKDAYS must be weekdays/],
    ['SLACK_ADMIN_USER_IDS', 'bob', /^Configuration error: SLACK_ADMIN_USER_IDS /],
    ['API_TOKEN', 'short', /^Configuration error: API_TOKEN must be at least 16 characters/],
  ])('a malformed %s stops start-up with one line naming it', (name, value, message) => {
    let error: Error | undefined;
    try {
      parseEnv({ [name]: value });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message.split('\n')).toHaveLength(1);
  });

  it('.env.example lists every variable the schema reads', () => {
    const example = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const listed = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]).sort();
    expect(listed).toEqual(Object.keys(envSchema.shape).sort());
  });
});

describe('parseWorkdays', () => {
  it('reads ranges, lists and ISO numbers', () => {
    expect(parseWorkdays('mon-fri')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWorkdays('Mon,Wed,sat')).toEqual([1, 3, 6]);
    expect(parseWorkdays('1-3,7')).toEqual([1, 2, 3, 7]);
  });
  it('rejects backwards ranges and unknown names', () => {
    expect(() => parseWorkdays('fri-mon')).toThrow(/backwards/);
    expect(() => parseWorkdays('moon')).toThrow(/not a weekday/);
  });
});
