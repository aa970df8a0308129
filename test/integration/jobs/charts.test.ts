import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInProcessRunner, type InProcessRunner } from '../../../src/jobs/in-process.js';
import type { FakeSlack, RecordedCall } from '../../helpers/fake-slack.js';
import { blockKitViolations } from '../../helpers/block-kit-validator.js';
import type { TestDatabase } from '../../helpers/services.js';
import { databaseWith, fakeSlack, freshSales, posterFor, silentLog, subscription, jobSettings } from './jobs-setup.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const fileIdsIn = (c: RecordedCall) => [...JSON.stringify(c.args.blocks ?? []).matchAll(/"slack_file":\{"id":"(F[0-9A-F]+)"\}/g)].map((m) => m[1]!);

/**
 * Scheduled posts (report subscriptions and digests, through the real processors) against a fake Slack
 * that, like real Slack, refuses an image block while its upload is still being processed.
 */
describe('scheduled posts with charts survive Slack processing the upload', () => {
  let t: TestDatabase;
  let slack: FakeSlack;
  let runner: InProcessRunner;
  let n = 0;

  const runSub = async (subscriptionId: number) => {
    const results = await runner.run('subscription-run', { subscriptionId, runKey: `charts${++n}`, trigger: 'manual' }, `charts-${n}`);
    for (const r of results) if (r.error) throw r.error;
    return results;
  };
  /** Accepted posts to a channel (refused attempts are recorded too, with the same arguments). */
  const postsTo = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);
  /** Files shared into a thread with files.completeUploadExternal. */
  const sharedInThread = (channel: string, threadTs: string) =>
    slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === channel && c.args.thread_ts === threadTs);

  beforeAll(async () => {
    t = await databaseWith(freshSales());
    slack = await fakeSlack();
    runner = createInProcessRunner({ database: t.database, slack: posterFor(slack), log: silentLog(), settings: jobSettings(), charts: true, backoffMs: 10 });
  });
  beforeEach(() => {
    slack.reset();
    slack.fileReadyAfterMs = 300;
  });
  afterAll(async () => {
    await slack.stop();
    await t.drop();
  });

  it('(a) waits with files.info until the chart is ready, then posts it in the message', async () => {
    slack.fileReadyAfterMs = 900;
    const sub = await subscription(t.database, { subject: 'kpi', target: 'C0CHART_A' });
    await runSub(sub.id);
    const posts = postsTo('C0CHART_A');
    expect(posts).toHaveLength(1);
    const [id] = fileIdsIn(posts[0]!);
    expect(id).toBeDefined();
    expect(slack.fileReady(id!)).toBe(true);
    expect(slack.callsTo('files.info').length).toBeGreaterThanOrEqual(2);
    expect(blockKitViolations(posts[0]!.args)).toEqual([]);
  });

  it('(a) a digest with two charts: both shown once ready', async () => {
    slack.fileReadyAfterMs = 600;
    const sub = await subscription(t.database, { kind: 'digest', subject: null, target: 'C0CHART_D' });
    await runSub(sub.id);
    const posts = postsTo('C0CHART_D');
    // Polling first means Slack never had to refuse it.
    expect(posts).toHaveLength(1);
    expect(fileIdsIn(posts[0]!)).toHaveLength(2);
    expect(posts[0]!.args.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'image' })]));
  });

  it('(b) a chart that never becomes ready: the text goes out within a few seconds and the chart follows in its thread', async () => {
    slack.fileReadyAfterMs = Infinity;
    const sub = await subscription(t.database, { subject: 'kpi', target: 'C0CHART_B' });
    const started = Date.now();
    await runSub(sub.id);
    expect(Date.now() - started).toBeLessThan(15_000);
    const posts = postsTo('C0CHART_B');
    const last = posts.at(-1)!;
    expect(fileIdsIn(last)).toEqual([]);
    expect(JSON.stringify(last.args.blocks)).toMatch(/chart is in the thread/);
    expect(JSON.stringify(last.args.blocks)).toMatch(/Revenue/);
    expect(blockKitViolations(last.args)).toEqual([]);
    // The refused attempts carried the image; the one that went out is the same answer without it.
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(fileIdsIn(posts[0]!)).toHaveLength(1);
    // The ts of the accepted post is the thread the chart went to.
    const ts = await slack.waitFor(() => slack.callsTo('files.completeUploadExternal').some((c) => c.args.channel_id === 'C0CHART_B')).then(() =>
      String(slack.callsTo('files.completeUploadExternal').find((c) => c.args.channel_id === 'C0CHART_B')!.args.thread_ts),
    );
    const shared = sharedInThread('C0CHART_B', ts);
    expect(shared).toHaveLength(1);
    const fileId = (shared[0]!.args.files as { id: string }[])[0]!.id;
    expect(slack.uploads.get(fileId)!.bytes.subarray(0, 4).equals(PNG)).toBe(true);
  });

  it('a scheduled report with rows: its table rides in the one attachment, with the chart shown or not', async () => {
    const tableIn = (c: { args: Record<string, unknown> }) =>
      ((c.args.attachments as { blocks?: { type: string }[] }[] | undefined) ?? []).flatMap((a) => a.blocks ?? []).filter((b) => b.type === 'table');
    const ready = await subscription(t.database, { subject: 'rfm', target: 'C0CHART_T1' });
    await runSub(ready.id);
    const shown = postsTo('C0CHART_T1').at(-1)!;
    expect(fileIdsIn(shown)).toHaveLength(1);
    expect(tableIn(shown)).toHaveLength(1);
    expect((shown.args.blocks as { type: string }[]).some((b) => b.type === 'table')).toBe(false);
    expect(blockKitViolations(shown.args)).toEqual([]);

    slack.fileReadyAfterMs = Infinity;
    const never = await subscription(t.database, { subject: 'rfm', target: 'C0CHART_T2' });
    await runSub(never.id);
    const text = postsTo('C0CHART_T2').at(-1)!;
    expect(fileIdsIn(text)).toEqual([]);
    expect(JSON.stringify(text.args.blocks)).toMatch(/chart is in the thread/);
    expect(tableIn(text)).toHaveLength(1);
    expect(blockKitViolations(text.args)).toEqual([]);
  });

  it('(b) a digest whose charts never become ready still posts once, with both charts in its thread', async () => {
    slack.fileReadyAfterMs = Infinity;
    const sub = await subscription(t.database, { kind: 'digest', subject: null, target: 'C0CHART_E' });
    await runSub(sub.id);
    const last = postsTo('C0CHART_E').at(-1)!;
    expect(String(last.args.text)).toMatch(/digest/);
    expect(fileIdsIn(last)).toEqual([]);
    expect(slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === 'C0CHART_E' && c.args.thread_ts)).toHaveLength(2);
  });

  it('(c) files.info rate limited or refused (no files:read): the post is retried and the answer still goes out', async () => {
    slack.fileReadyAfterMs = 500;
    slack.inject('files.info', { retryAfter: 30, times: 50 });
    const sub = await subscription(t.database, { subject: 'kpi', target: 'C0CHART_C' });
    await runSub(sub.id);
    const last = postsTo('C0CHART_C').at(-1)!;
    expect(fileIdsIn(last)).toHaveLength(1);

    slack.reset();
    slack.fileReadyAfterMs = Infinity;
    slack.inject('files.info', { error: 'missing_scope', times: 50 });
    const other = await subscription(t.database, { subject: 'kpi', target: 'C0CHART_F' });
    await runSub(other.id);
    const text = postsTo('C0CHART_F').at(-1)!;
    expect(fileIdsIn(text)).toEqual([]);
    expect(JSON.stringify(text.args.blocks)).toMatch(/chart is in the thread/);
    await slack.waitFor(() => slack.callsTo('files.completeUploadExternal').some((c) => c.args.channel_id === 'C0CHART_F' && c.args.thread_ts));
  });

  it('an invalid_blocks naming another block is permanent at once: no waiting, no text-only retry', async () => {
    slack.fileReadyAfterMs = 0;
    slack.inject('chat.postMessage', { error: 'invalid_blocks', errors: ['must be less than 3001 characters [json-pointer:/blocks/2/text/text]'], times: 5 });
    const sub = await subscription(t.database, { subject: 'kpi', target: 'C0CHART_G' });
    const results = await runner.run('subscription-run', { subscriptionId: sub.id, runKey: `charts${++n}`, trigger: 'manual' }, `charts-${n}`);
    expect(results.some((r) => r.error && /invalid_blocks/.test(String(r.error)))).toBe(true);
    expect(postsTo('C0CHART_G')).toHaveLength(1);
  });

  it('an invalid_attachments (a second table) is permanent at once: one post, no retry', async () => {
    slack.fileReadyAfterMs = 0;
    slack.inject('chat.postMessage', { error: 'invalid_attachments', errors: ['only one table is allowed per message [json-pointer:/attachments/0/blocks/1]'], times: 5 });
    const sub = await subscription(t.database, { subject: 'rfm', target: 'C0CHART_I' });
    const results = await runner.run('subscription-run', { subscriptionId: sub.id, runKey: `charts${++n}`, trigger: 'manual' }, `charts-${n}`);
    expect(results.some((r) => r.error && /invalid_attachments/.test(String(r.error)))).toBe(true);
    expect(postsTo('C0CHART_I')).toHaveLength(1);
  });

  it('an invalid_blocks without details that the text-only message gets too is not blamed on the image', async () => {
    slack.fileReadyAfterMs = 0;
    slack.inject('chat.postMessage', { error: 'invalid_blocks', times: 10 });
    const sub = await subscription(t.database, { subject: 'kpi', target: 'C0CHART_H' });
    const results = await runner.run('subscription-run', { subscriptionId: sub.id, runKey: `charts${++n}`, trigger: 'manual' }, `charts-${n}`);
    expect(results.some((r) => r.error && /invalid_blocks/.test(String(r.error)))).toBe(true);
    // With the image (and once more), then once without it: then the job fails for good, nothing shared.
    const posts = postsTo('C0CHART_H');
    expect(posts.map((p) => fileIdsIn(p).length)).toEqual([1, 1, 0]);
    expect(slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === 'C0CHART_H')).toEqual([]);
  });
});
