import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/client.js';
import { AppError, isAppError } from '../../../src/lib/errors.js';
import { BACKGROUND_NICE, ThreadCrash, ThreadPool } from '../../../src/lib/thread-pool.js';
import { churnReport } from '../../../src/reports/churn/churn-module.js';
import { clvReport } from '../../../src/reports/clv/clv-module.js';
import { REPORTS } from '../../../src/reports/registry.js';
import { runReportPage } from '../../../src/reports/report-page.js';
import { ReportThreads, type ThreadTaskInfo } from '../../../src/reports/report-threads.js';
import { runReport } from '../../../src/reports/run-report.js';
import { computeSnapshotGroup, SNAPSHOT_GROUPS } from '../../../src/reports/snapshot-groups.js';
import { seed } from '../../helpers/seed.js';
import { createPgliteDatabase, createTestDatabase, type TestDatabase } from '../../helpers/services.js';
import type { PoolTestTask } from './thread-pool-worker.js';

const AS_OF = '2024-06-30';
const CUSTOMERS = 2_000;

/** A deterministic generator (LCG), so both runs see the same synthetic customers. */
function random(seedValue: number): () => number {
  let s = seedValue >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A few thousand customers with 1–6 purchase days in 2023–2024: enough for a real BG/NBD + Gamma-Gamma fit. */
function syntheticCustomers() {
  const r = random(13);
  const s = seed().product('P', { name: 'Paper' }).product('T', { name: 'Toner' });
  for (let c = 1; c <= CUSTOMERS; c++) {
    const id = `C${c}`;
    s.customer(id, { name: `Customer ${c}`, region: c % 2 ? 'North' : 'South' });
    let day = Date.UTC(2023, 0, 1) + Math.floor(r() * 300) * 86_400_000;
    const days = 1 + Math.floor(r() * r() * 6);
    for (let k = 0; k < days && day <= Date.UTC(2024, 5, 30); k++) {
      s.sale({ order: `${id}-${k}`, on: new Date(day).toISOString().slice(0, 10), customer: id, product: r() < 0.5 ? 'P' : 'T', price: 10 + Math.round(r() * 190) });
      day += (5 + Math.floor(r() * 90)) * 86_400_000;
    }
  }
  return s;
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('report threads', () => {
  let t: TestDatabase;
  let threads: ReportThreads;
  const ran: ThreadTaskInfo[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    await syntheticCustomers().load(t.database);
    threads = new ReportThreads({ size: 1, onTask: (info) => ran.push(info) });
  });
  afterAll(async () => {
    await threads.close();
    await t.drop();
  });

  it('fits clv on another thread with the same result as in-process, the event loop free meanwhile', async () => {
    const request = { filters: {}, asOf: AS_OF, limit: 0 };
    const here = await runReport(t.database, clvReport, request);
    expect(here.customerCount).toBeGreaterThan(1_500);

    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const there = await threads.run(t.database, clvReport, request);
    const ms = performance.now() - started;
    delay.disable();
    // Figures for the reader, never asserted (they depend on the machine's load).
    console.log(
      `clv on a report thread: ${Math.round(ms)} ms; main event-loop delay meanwhile p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`,
    );

    expect(there).toEqual(here);
    const info = ran.at(-1)!;
    expect(info).toMatchObject({ kind: 'report', name: clvReport.name });
    expect(info.threadId).not.toBe(threadId);
  });

  it('a page of a heavy report comes back as the in-process page', async () => {
    const request = { filters: { region: ['North'] }, asOf: AS_OF };
    const here = await runReportPage(t.database, churnReport, request, 1);
    const before = ran.length;
    const there = await threads.runPage(t.database, churnReport, request, 1);
    expect(there).toEqual(here);
    expect(ran.length).toBe(before + 1);
  });

  it('an error inside the thread reaches the caller as the same AppError', async () => {
    const request = { filters: {}, asOf: '2024-13-45' };
    const here = await caught(runReport(t.database, clvReport, request));
    const there = await caught(threads.run(t.database, clvReport, request));
    expect(isAppError(here)).toBe(true);
    expect(there).toBeInstanceOf(AppError);
    const { code, message, hint } = there as AppError;
    expect({ code, message, hint }).toEqual({ code: (here as AppError).code, message: (here as AppError).message, hint: (here as AppError).hint });
  });

  it('computes every snapshot group on a thread as in-process (timings apart)', async () => {
    for (const group of SNAPSHOT_GROUPS) {
      const strip = (xs: { name: string; ctx: object; body: unknown }[]) => xs.map(({ name, ctx, body }) => ({ name, ctx, body }));
      const [here, there] = await Promise.all([computeSnapshotGroup(t.database, group), threads.snapshotGroup(t.database, group)]);
      expect(strip(there)).toEqual(strip(here).map((c) => ({ ...c, ctx: (({ database: _d, ...rest }) => rest)(c.ctx as { database?: Database }) })));
    }
  });

  it('runs light reports, and everything on the embedded database, in-process', async () => {
    const light = REPORTS.find((r) => !r.heavy)!;
    const before = ran.length;
    await threads.run(t.database, light, { filters: {}, asOf: AS_OF });
    const pglite = await createPgliteDatabase();
    try {
      await threads.run(pglite, clvReport, { filters: {}, asOf: AS_OF });
      await threads.snapshotGroup(pglite, SNAPSHOT_GROUPS[0]!);
    } finally {
      await pglite.close();
    }
    expect(ran.length).toBe(before);
  });
});

describe('thread pool', () => {
  const pool = (idleMs?: number, nice?: number) =>
    new ThreadPool<PoolTestTask, { value: unknown; threadId: number }>({
      module: new URL('./thread-pool-worker.ts', import.meta.url),
      size: 2,
      name: 'test',
      ...(idleMs !== undefined ? { idleMs } : {}),
      ...(nice !== undefined ? { nice } : {}),
    });

  it.runIf(process.platform === 'linux')('runs its threads at background niceness unless told otherwise, the calling thread unchanged', async () => {
    const mine = () => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[16]);
    const before = mine();
    const background = pool();
    const kept = pool(undefined, 0);
    try {
      expect((await background.run({ kind: 'nice' })).value.value).toBe(Math.max(before, BACKGROUND_NICE));
      expect((await kept.run({ kind: 'nice' })).value.value).toBe(before);
      expect(mine()).toBe(before);
    } finally {
      await background.close();
      await kept.close();
    }
  });

  it('brings a task’s AppError back with its code, message, hint and details', async () => {
    const p = pool();
    try {
      const e = await caught(p.run({ kind: 'usage' }));
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: 'USAGE', message: 'That is not a report option.', hint: 'Type /sales help.', details: ['min-support'] });
      // A value that cannot cross threads is that task's error; the thread lives on.
      expect(await caught(p.run({ kind: 'function' }))).toBeInstanceOf(Error);
      expect((await p.run({ kind: 'echo', value: 1 })).value.value).toBe(1);
    } finally {
      await p.close();
    }
  });

  it('fails the tasks of a crashed thread and replaces it', async () => {
    const p = pool();
    try {
      const first = await p.run({ kind: 'echo', value: 'a' });
      expect(await caught(p.run({ kind: 'crash' }))).toBeInstanceOf(ThreadCrash);
      const again = await p.run({ kind: 'echo', value: { n: [1, 2] } });
      expect(again.value).toEqual({ value: { n: [1, 2] }, threadId: again.threadId });
      expect(p.broken).toBe(false);
      expect(again.threadId).not.toBe(threadId);
      expect(first.threadId).not.toBe(threadId);
    } finally {
      await p.close();
    }
    expect(await caught(p.run({ kind: 'echo', value: 1 }))).toBeInstanceOf(ThreadCrash);
  });

  it('lets an idle thread go and starts a new one for the next task', async () => {
    const p = pool(50);
    try {
      const first = await p.run({ kind: 'echo', value: 1 });
      expect(p.threads).toBe(1);
      await new Promise((r) => setTimeout(r, 100));
      for (let i = 0; i < 100 && p.threads > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(p.threads).toBe(0);
      const next = await p.run({ kind: 'echo', value: 2 });
      expect(next.value).toEqual({ value: 2, threadId: next.threadId });
      expect(next.threadId).not.toBe(first.threadId);
    } finally {
      await p.close();
    }
  });
});
