/**
 * Child process of bench/slack-ack.ts: fires signed `/sales` commands at the app and reports how long
 * each HTTP acknowledgement took. It runs apart from the fake Slack so the fake's own work (receiving
 * uploads and answers) cannot delay reading the acknowledgements.
 *
 * Input (stdin, JSON): { baseUrl, secret, rounds: [{ text, responseUrl }[]] } — each round is sent at once.
 * Output (stdout, JSON): milliseconds per command, in order.
 */
import { signedHeaders } from '../test/helpers/slack-signing.js';

interface Input {
  baseUrl: string;
  secret: string;
  user: string;
  rounds: { text: string; responseUrl: string }[][];
  /** Pause between rounds so the app finishes answering the previous one. */
  pauseMs: number;
}

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;

async function send(text: string, responseUrl: string): Promise<number> {
  const body = new URLSearchParams({
    token: 'legacy',
    team_id: 'T0FAKE',
    channel_id: 'C0SALES',
    user_id: input.user,
    command: '/sales',
    text,
    response_url: responseUrl,
    trigger_id: '1.2.3',
  }).toString();
  const started = performance.now();
  const res = await fetch(`${input.baseUrl}/slack/events`, { method: 'POST', headers: signedHeaders(input.secret, body), body });
  await res.text();
  if (res.status !== 200) throw new Error(`ack status ${res.status}`);
  return performance.now() - started;
}

const out: number[] = [];
for (const round of input.rounds) {
  out.push(...(await Promise.all(round.map((c) => send(c.text, c.responseUrl)))));
  await new Promise((r) => setTimeout(r, input.pauseMs));
}
process.stdout.write(JSON.stringify(out));
