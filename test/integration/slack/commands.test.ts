import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORTS } from '../../../src/reports/registry.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import { slackWorld, type SlackWorld } from './slack-setup.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function blocksOf(msg: Record<string, unknown>): Record<string, unknown>[] {
  return (msg.blocks as Record<string, unknown>[] | undefined) ?? [];
}

function textOf(msg: Record<string, unknown>): string {
  return JSON.stringify(msg);
}

describe('/sales over signed HTTP against the fake Slack', () => {
  let w: SlackWorld;
  beforeAll(async () => {
    w = await slackWorld();
    const made = await w.h.command('admin role <@UMANAGER|manager> manager', 'UADMIN');
    const [reply] = await w.h.responsesTo(made.responseUrl);
    expect(textOf(reply!)).toContain('manager');
  }, 120_000);
  afterAll(() => w?.close());

  it('answers help at once, in the acknowledgement', async () => {
    for (const text of ['', 'help']) {
      const r = await w.h.command(text);
      expect(r.status).toBe(200);
      const body = JSON.parse(r.body) as Record<string, unknown>;
      expect(body.response_type).toBe('ephemeral');
      for (const report of REPORTS) expect(textOf(body)).toContain(report.name);
      expect(textOf(body)).toContain('log');
      expect(blockKitViolations(body as never)).toEqual([]);
    }
  });

  it('shows usage with a suggestion for a typo and for a bad filter', async () => {
    const typo = JSON.parse((await w.h.command('chrun')).body) as Record<string, unknown>;
    expect(textOf(typo)).toContain('churn');
    expect(blockKitViolations(typo as never)).toEqual([]);
    const bad = JSON.parse((await w.h.command('rfm regoin:North')).body) as Record<string, unknown>;
    expect(textOf(bad)).toMatch(/region/);
    expect(textOf(bad)).not.toMatch(/at .*\.ts:\d+/);
  });

  it.each(REPORTS.map((r) => r.name))('%s: acks fast, then answers with valid blocks and a chart', async (name) => {
    w.h.slack.reset();
    const r = await w.h.command(name);
    expect(r.status).toBe(200);
    expect(r.ms).toBeLessThan(3000);
    expect(r.body).toContain(`Crunching ${name}`);
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(answer!.response_type).toBe('ephemeral');
    expect(blockKitViolations(answer as never)).toEqual([]);
    expect(blocksOf(answer!)[0]).toMatchObject({ type: 'header' });
    expect(textOf(answer!)).toMatch(/data as of/i);
    expect(textOf(answer!)).not.toMatch(/Error:|\.ts:\d+/);
    const image = blocksOf(answer!).find((b) => b.type === 'image') as { slack_file?: { id?: string } } | undefined;
    if (image) {
      const upload = w.h.slack.uploads.get(image.slack_file!.id!);
      expect(upload, 'image block points at an uploaded file').toBeDefined();
      expect(upload!.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      // Private upload: not shared into the channel where others could see an ephemeral answer's chart.
      const complete = w.h.slack.callsTo('files.completeUploadExternal').at(-1)!;
      expect(complete.args.channel_id).toBeUndefined();
    }
  });

  it('draws charts for the reports whose demo data has something to draw', async () => {
    w.h.slack.reset();
    const r = await w.h.command('rfm');
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(blocksOf(answer!).some((b) => b.type === 'image')).toBe(true);
  });

  it('shares in the channel with `public`', async () => {
    const r = await w.h.command('kpi public');
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(answer!.response_type).toBe('in_channel');
    expect(blockKitViolations(answer as never)).toEqual([]);
  });

  it('acks well under 3 s even when the Web API is slow', async () => {
    w.h.slack.reset();
    for (const m of ['users.info', 'files.getUploadURLExternal', 'files.completeUploadExternal']) w.h.slack.latency.set(m, 3500);
    try {
      const r = await w.h.command('abc', 'UNEWCOMER');
      expect(r.status).toBe(200);
      expect(r.ms).toBeLessThan(1000);
    } finally {
      w.h.slack.latency.clear();
    }
  });

  it('still answers in text when the chart upload fails', async () => {
    w.h.slack.reset();
    w.h.slack.inject('files.getUploadURLExternal', { error: 'internal_error', times: 5 });
    const r = await w.h.command('timing');
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(blockKitViolations(answer as never)).toEqual([]);
    expect(blocksOf(answer!).some((b) => b.type === 'image')).toBe(false);
    expect(textOf(answer!)).toMatch(/Chart unavailable/i);
  });

  it('tells an unmapped user how to get linked', async () => {
    const r = await w.h.command('kpi', 'UNOBODY');
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(textOf(answer!)).toMatch(/admin link/);
    expect(blockKitViolations(answer as never)).toEqual([]);
  });

  it('refuses admin commands from non-admins', async () => {
    const r = await w.h.command('admin role <@USALES1|rep> admin', 'UMANAGER');
    const [answer] = await w.h.responsesTo(r.responseUrl);
    expect(textOf(answer!)).toMatch(/admin/i);
    const again = await w.h.command('kpi', 'USALES1');
    const [kpi] = await w.h.responsesTo(again.responseUrl);
    expect(textOf(kpi!)).not.toMatch(/admin link/);
  });
});

describe('signatures', () => {
  let w: SlackWorld;
  beforeAll(async () => {
    w = await slackWorld(300);
  }, 120_000);
  afterAll(() => w?.close());

  it('rejects a forged signature and a stale timestamp with 401', async () => {
    const form = { command: '/sales', text: 'kpi', user_id: 'UADMIN', response_url: w.h.slack.responseUrl() };
    expect((await w.h.post(form, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await w.h.post(form, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    expect(w.h.slack.responses).toHaveLength(0);
  });
});
