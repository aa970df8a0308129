import { spawn } from 'node:child_process';
import { SIGNING_SECRET, type SlackHarness } from '../../test/helpers/slack-harness.js';

/** Runs bench/slack-ack-client.ts in its own process and returns its acknowledgement times (ms). */
function ackTimes(input: object): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/slack-ack-client.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as number[]) : reject(new Error(`ack client exited with ${code}`))));
    child.stdin.end(JSON.stringify(input));
  });
}

/**
 * Acknowledgement times of `rounds` bursts of `concurrency` slash commands (texts taken in turn) sent at
 * once by `user`, then waits until every command was answered. The acks are timed by a separate client
 * process: the fake Slack in this process is busy receiving uploads and answers, which must not count
 * as the app's latency.
 */
export async function acksUnderLoad(
  h: SlackHarness,
  opts: { texts: readonly string[]; rounds: number; concurrency: number; user: string; pauseMs?: number; answerTimeoutMs?: number },
): Promise<number[]> {
  const rounds = Array.from({ length: opts.rounds }, () =>
    Array.from({ length: opts.concurrency }, (_, i) => ({ text: opts.texts[i % opts.texts.length]!, responseUrl: h.slack.responseUrl() })),
  );
  const acks = await ackTimes({ baseUrl: h.baseUrl, secret: SIGNING_SECRET, user: opts.user, rounds, pauseMs: opts.pauseMs ?? 3000 });
  await Promise.all(rounds.flat().map((c) => h.responsesTo(c.responseUrl, 1, opts.answerTimeoutMs ?? 300_000)));
  return acks;
}
