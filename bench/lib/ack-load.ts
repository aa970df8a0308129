import { spawn } from 'node:child_process';
import { SIGNING_SECRET, type SlackHarness } from '../../test/helpers/slack-harness.js';

/** What one ack measurement saw. */
export interface AckTrial {
  /** Acknowledgement times (ms), in the order sent. */
  acks: number[];
  /**
   * The app's main thread while the bursts were in flight (Linux, app in its own process): ms it ran, and
   * ms it was ready but waited for a core. A wait far above the run time is CPU contention, not our work.
   */
  appMainThread?: { ranMs: number; waitedMs: number };
}

/** Runs bench/slack-ack-client.ts in its own process and returns what it measured. */
function runClient(input: object): Promise<AckTrial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/slack-ack-client.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as AckTrial) : reject(new Error(`ack client exited with ${code}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

export interface AckLoadOptions {
  texts: readonly string[];
  rounds: number;
  concurrency: number;
  user: string;
  pauseMs?: number;
  answerTimeoutMs?: number;
}

/**
 * `rounds` bursts of `concurrency` slash commands (texts taken in turn) sent at once by `user`; waits until
 * every command was answered. The acks are timed by a separate client process: the fake Slack in this
 * process is busy receiving uploads and answers, which must not count as the app's latency.
 */
export async function ackTrial(h: SlackHarness, opts: AckLoadOptions): Promise<AckTrial> {
  const rounds = Array.from({ length: opts.rounds }, () =>
    Array.from({ length: opts.concurrency }, (_, i) => ({ text: opts.texts[i % opts.texts.length]!, responseUrl: h.slack.responseUrl() })),
  );
  const trial = await runClient({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, user: opts.user, rounds, pauseMs: opts.pauseMs ?? 3000, appPid: h.pid });
  await Promise.all(rounds.flat().map((c) => h.responsesTo(c.responseUrl, 1, opts.answerTimeoutMs ?? 300_000)));
  return trial;
}

/** Acknowledgement times (ms) of `ackTrial`. */
export async function acksUnderLoad(h: SlackHarness, opts: AckLoadOptions): Promise<number[]> {
  return (await ackTrial(h, opts)).acks;
}
