import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from './errors.js';
import type { ThreadReply } from './thread-tasks.js';

/**
 * A thread died under its tasks (crash, out of memory, terminated), as opposed to a task that threw: the
 * task's own errors come back as themselves (an AppError keeps its code, message and hint).
 */
export class ThreadCrash extends Error {
  constructor(message: string, opts?: { cause?: unknown }) {
    super(message, opts);
    this.name = 'ThreadCrash';
  }
}

export interface ThreadPoolOptions {
  /** The worker module (a .ts file next to the caller, e.g. `new URL('./x-worker.ts', import.meta.url)`). */
  module: URL;
  /** Threads at most; they start on first use. */
  size: number;
  /** For error messages ("report thread exited with code 1"). */
  name: string;
  /**
   * A thread idle this long exits (releasing what it holds, e.g. database connections) and a later task
   * starts a new one. Absent = threads live until `close`.
   */
  idleMs?: number;
  /**
   * Scheduling niceness of the pool's threads on Linux (ignored elsewhere); default BACKGROUND_NICE.
   * A thread never ends up less nice than the thread that started it. Pass 0 to keep that priority.
   */
  nice?: number;
}

/**
 * Niceness of pool threads: their work (fits, mining, snapshots, charts) can wait a few milliseconds, the
 * event loop that acknowledges Slack cannot. Measured with bench/slack-ack.ts during a refresh with fits on
 * 2 cores: a burst of 50 acks needs about 30 ms of the main thread's CPU, yet the thread sat ready-but-waiting
 * for a core 1–20x as long as it ran (schedstat), while snapshot and fit threads of the same session used
 * several times its CPU at equal weight. The kernel shares a core by weight within a session's group
 * (autogroup): a nice-10 thread weighs a tenth of a nice-0 one, so the loop gets the core as soon as it has
 * work and the threads still use every idle cycle.
 */
export const BACKGROUND_NICE = 10;

/**
 * Eval'd first on a new thread, before tsx and the module graph load (a second of CPU): lowers that
 * thread's own priority. On Linux a thread is a task with its own id (the last part of /proc/thread-self)
 * and setpriority on that id changes that thread only; elsewhere there is no such id and setPriority(0)
 * would renice the whole process, so nothing happens. Never raises a priority (a niced process keeps its
 * threads at least as nice), and a refusal is ignored: priority is an optimisation, never a failure.
 */
function niceSource(nice: number): string {
  return (
    `try { const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop()); ` +
    `const os = require('node:os'); if (tid > 0 && os.getPriority(tid) < ${nice}) os.setPriority(tid, ${nice}); } catch {}\n`
  );
}

interface Pending {
  resolve: (v: { value: unknown; threadId: number }) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  /** Set once the module loaded; a thread that dies before that cannot start at all. */
  ready: boolean;
  idle?: NodeJS.Timeout | undefined;
}

/** Rebuilds the error a task threw on its thread: same class for AppError, same message otherwise. */
function revive(e: NonNullable<ThreadReply['error']>): Error {
  if (e.code !== undefined) {
    return new AppError(e.code as ErrorCode, e.message, {
      ...(e.hint !== undefined ? { hint: e.hint } : {}),
      ...(e.details !== undefined ? { details: e.details } : {}),
    });
  }
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

/**
 * A small pool of worker threads running one module's task handler (see `serveThreadTasks`), so CPU-bound
 * work (model fits, itemset mining) never blocks the event loop that acknowledges Slack commands.
 *
 * Hand-written rather than piscina for the reason ChartThread gives: our sources are TypeScript run through
 * tsx, so each thread registers tsx before it imports its module. A task goes to the thread with the fewest
 * in flight; a thread runs several tasks at once, so one task's SQL waits overlap another's CPU. A crashed
 * thread fails its own tasks (ThreadCrash) and is replaced on the next task; when threads cannot start at
 * all (`broken`), callers run the work in-process instead.
 */
export class ThreadPool<Task, Result> {
  private readonly slots: Slot[] = [];
  private next = 1;
  private closing = false;
  /** True once a thread died before loading its module: starting more would fail the same way. */
  broken = false;

  constructor(private readonly opts: ThreadPoolOptions) {}

  private start(): Slot {
    const url = this.opts.module.href;
    const nice = this.opts.nice ?? BACKGROUND_NICE;
    const bootstrap = `${nice > 0 ? niceSource(nice) : ''}import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url)}); });`;
    const worker = new Worker(bootstrap, { eval: true });
    const slot: Slot = { worker, pending: new Map(), ready: false };
    worker.on('message', (m: ThreadReply) => {
      if (m.ready) {
        slot.ready = true;
        return;
      }
      const p = slot.pending.get(m.id);
      if (!p) return;
      slot.pending.delete(m.id);
      if (m.error !== undefined) p.reject(revive(m.error));
      else p.resolve({ value: m.value, threadId: worker.threadId });
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      if (!slot.ready && !this.closing) this.broken = true;
      for (const p of slot.pending.values()) p.reject(new ThreadCrash(`${this.opts.name} thread failed: ${e.message}`, { cause: e }));
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    // Idle threads must not keep a CLI process alive; pending tasks keep it alive through their promises' callers.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** The least busy thread, starting one while the pool is below its size and every thread is busy. */
  private pick(): Slot {
    const idle = this.slots.find((s) => s.pending.size === 0);
    if (idle) return idle;
    if (this.slots.length < this.opts.size) return this.start();
    return this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  /** Runs one task on a thread; the value comes back structured-cloned, with the thread that computed it. */
  run(task: Task): Promise<{ value: Result; threadId: number }> {
    if (this.closing) return Promise.reject(new ThreadCrash(`${this.opts.name} threads are closed`));
    const slot = this.pick();
    clearTimeout(slot.idle);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      // A task keeps the thread referenced so the process waits for its answer.
      if (slot.pending.size === 1) slot.worker.ref();
      slot.worker.postMessage({ id, task });
    }).finally(() => {
      if (slot.pending.size > 0) return;
      slot.worker.unref();
      this.armIdle(slot);
    }) as Promise<{ value: Result; threadId: number }>;
  }

  /**
   * Starts every thread now, so their start-up (tsx, the module graph: about a second each) overlaps
   * other work instead of delaying the first tasks. Unused, they exit after `idleMs`.
   */
  warm(): void {
    if (this.closing || this.broken) return;
    while (this.slots.length < this.opts.size) this.armIdle(this.start());
  }

  private armIdle(slot: Slot): void {
    if (this.opts.idleMs === undefined) return;
    clearTimeout(slot.idle);
    slot.idle = setTimeout(() => this.retire(slot), this.opts.idleMs);
    slot.idle.unref();
  }

  /** Lets an idle thread go: no new task reaches it, and it releases what it holds and exits. */
  private retire(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0 || slot.pending.size > 0) return;
    this.slots.splice(i, 1);
    slot.worker.postMessage({ close: true });
  }

  /** Threads at most. */
  get size(): number {
    return this.opts.size;
  }

  /** Threads started and alive. */
  get threads(): number {
    return this.slots.length;
  }

  /**
   * Asks every thread to release what it holds (database connections) and exit; terminates those that
   * have not within `graceMs`. Tasks still running fail with ThreadCrash.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.slots].map(async ({ worker, idle }) => {
        clearTimeout(idle);
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ close: true });
        const timer = setTimeout(() => void worker.terminate(), graceMs);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}
