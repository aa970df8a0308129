import { describe, expect, it } from 'vitest';
import { requestFromCli } from '../../../src/requests/from-cli.js';
import { requestFromQuery } from '../../../src/requests/from-http-query.js';
import { requestFromText } from '../../../src/requests/from-slack-text.js';
import { partOf } from '../../../src/requests/request-parts.js';

describe('one reader for the three doors', () => {
  it('Slack text, CLI words and HTTP query pairs give the same request', () => {
    const slack = requestFromText('rfm West last month top 5');
    const cli = requestFromCli('rfm', ['West', 'last', 'month'], { limit: 5, options: {} });
    const http = requestFromQuery('rfm', [['q', 'West'], ['when', 'last-month'], ['limit', '5']]);
    expect(slack.ok && cli.ok && http.ok).toBe(true);
    if (!slack.ok || !cli.ok || !http.ok) return;
    // The CLI's limit came as a flag here, so only its canonical text differs (the CLI does not use it).
    expect({ ...cli.request, canonical: '' }).toEqual({ ...slack.request, canonical: '' });
    expect(http.request).toEqual(slack.request);
    expect(slack.request.canonical).toBe('rfm when:last-month West limit:5');
  });

  it('HTTP values with spaces or quotes need no quoting', () => {
    const r = requestFromQuery('geo', [['region', 'South East'], ['customer', 'Tom "T" Ltd']]);
    expect(r.ok && r.request.filters).toEqual({ region: ['South East'], customer: ['Tom "T" Ltd'] });
  });

  it('HTTP pairs are parts as they are: a colon in a value is kept, q holds words, an unknown key is named', () => {
    const r = requestFromQuery('rfm', [['customer', 'A:B'], ['q', 'West "New York" public']]);
    expect(r.ok && r.request.filters).toEqual({ customer: ['A:B'], words: ['West', 'New York'] });
    // No audience over HTTP: `public` is read and dropped.
    expect(r.ok && r.request.public).toBe(false);
    const bad = requestFromQuery('rfm', [['regoin', 'North']]);
    expect(!bad.ok && bad.usage).toMatchObject({ command: 'rfm', suggestion: 'region:' });
  });

  it('CLI words may name the report; flags win over the same thing said in words; Slack command words mean nothing there', () => {
    const r = requestFromCli(undefined, ['top', 'customers', 'last', 'month', 'top', '3'], { limit: 7, options: {} });
    expect(r.ok && r.request).toMatchObject({ report: 'rfm', limit: 7, public: false });
    const typo = requestFromCli(undefined, ['hepl'], { options: {} });
    expect(typo.ok).toBe(false);
    expect(!typo.ok && typo.usage.suggestion).toBeUndefined();
  });
});

describe('request parts', () => {
  it('a token is a key:value pair unless it has no key or is a link or a Slack mention', () => {
    expect(partOf('region:North')).toEqual({ kind: 'pair', key: 'region', value: 'North' });
    expect(partOf('customer:a:b')).toEqual({ kind: 'pair', key: 'customer', value: 'a:b' });
    for (const w of ['West', ':x', 'https://example.com', '<@U1|bob>', '<#C1|sales>', '<!here>']) expect(partOf(w)).toEqual({ kind: 'word', word: w });
  });
});
