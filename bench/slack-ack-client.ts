/**
 * Child process of bench/lib/ack-load.ts: fires signed `/sales` commands at the app and reports how long
 * each HTTP acknowledgement took. It runs apart from the fake Slack so the fake's own work (receiving
 * uploads and answers) cannot delay reading the acknowledgements.
 *
 * Lean on purpose: every request (body, signature, bytes) is built before a round starts, and each goes
 * out on its own raw TCP connection, timed from `connect` to the last byte of the reply. fetch() costs a
 * few milliseconds of this process's CPU per request (undici, web streams); fifty of them at once on a
 * loaded 2-core machine measured 100–300 ms against a server that answers instantly, which is the
 * client's time, not the app's. A fresh connection per command keeps the app's accept and parse in the figure.
 *
 * Input (stdin, JSON): { baseUrl, secret, user, rounds: [{ text, responseUrl }[]], pauseMs, appPid? } — each
 * round is sent at once. Output (stdout, JSON): { acks: milliseconds per command, in order, appMainThread? }.
 *
 * With `appPid` on Linux it also reports what the app's main thread (the one that acknowledges) did while
 * the rounds were in flight, from the kernel's per-thread schedstat: milliseconds it ran, and milliseconds it
 * was ready to run but waited for a core. The second is the CPU contention an ack time cannot show apart
 * from the app's own work.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { signedHeaders } from '../test/helpers/slack-signing.js';

interface Input {
  baseUrl: string;
  secret: string;
  user: string;
  rounds: { text: string; responseUrl: string }[][];
  /** Pause between rounds so the app finishes answering the previous one. */
  pauseMs: number;
  appPid?: number;
}

/** Run and run-queue wait of a thread so far (ms), or undefined where /proc has no schedstat. */
function schedstat(pid: number): { ran: number; waited: number } | undefined {
  try {
    const [ran, waited] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'latin1').split(' ').map(Number);
    return { ran: ran! / 1e6, waited: waited! / 1e6 };
  } catch {
    return undefined;
  }
}

const chunks: Buffer[] = [];
for await (const c of process.stdin) chunks.push(c as Buffer);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Input;
const base = new URL(input.baseUrl);

/** The whole HTTP/1.1 request of one slash command, signed now (Bolt refuses signatures older than 5 minutes). */
function requestBytes(text: string, responseUrl: string): Buffer {
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
  const headers = { ...signedHeaders(input.secret, body), host: base.host, 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  const head = `POST /slack/events HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.from(head + body);
}

/** Sends one prepared request; resolves with the milliseconds until the whole reply was read. */
function send(bytes: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ host: base.hostname, port: Number(base.port) });
    const got: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      const reply = Buffer.concat(got).toString('latin1');
      const end = reply.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /\r\ncontent-length: *(\d+)/i.exec(reply.slice(0, end));
      // Bolt's ack carries a Content-Length; without one the reply ends when the app closes the connection.
      if (length ? Buffer.byteLength(reply, 'latin1') - end - 4 < Number(length[1]) : !socket.readableEnded) return;
      done = true;
      const ms = performance.now() - started;
      socket.destroy();
      const status = Number(reply.slice(9, 12));
      if (status !== 200) reject(new Error(`ack status ${status}: ${reply.slice(end + 4, end + 200)}`));
      else resolve(ms);
    };
    socket.on('data', (b: Buffer) => {
      got.push(b);
      finish();
    });
    socket.on('end', finish);
    socket.on('error', reject);
    socket.on('close', () => {
      finish();
      if (!done) reject(new Error('the app closed the connection before acknowledging'));
    });
    socket.write(bytes);
  });
}

// A few requests first, so this process's own connect and read paths are compiled before anything is timed.
for (let i = 0; i < 5; i++) await send(Buffer.from(`GET /healthz HTTP/1.1\r\nhost: ${base.host}\r\nconnection: close\r\n\r\n`));

const acks: number[] = [];
let appMainThread: { ranMs: number; waitedMs: number } | undefined = { ranMs: 0, waitedMs: 0 };
for (const round of input.rounds) {
  const requests = round.map((c) => requestBytes(c.text, c.responseUrl));
  const before = input.appPid ? schedstat(input.appPid) : undefined;
  acks.push(...(await Promise.all(requests.map(send))));
  const after = before && input.appPid ? schedstat(input.appPid) : undefined;
  if (before && after && appMainThread) {
    appMainThread.ranMs += after.ran - before.ran;
    appMainThread.waitedMs += after.waited - before.waited;
  } else appMainThread = undefined;
  await new Promise((r) => setTimeout(r, input.pauseMs));
}
process.stdout.write(JSON.stringify({ acks, ...(appMainThread ? { appMainThread } : {}) }));
