import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A fake of Slack's Socket Mode endpoint (the wss:// URL apps.connections.open hands out): it accepts the
 * app's WebSocket, says `hello`, pushes envelopes and records what the app sends back (acks carry the
 * envelope_id). Hand-written RFC 6455 framing (text, ping/pong, close; no extensions) because the `ws`
 * package is not installed here and this is all Socket Mode uses.
 */
export class FakeSocketMode {
  /** Every JSON message the app sent over the socket (acks: `{ envelope_id, payload? }`). */
  readonly received: Record<string, unknown>[] = [];
  connections = 0;
  private server: Server | undefined;
  private socket: Duplex | undefined;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private connected: (() => void) | undefined;
  private readonly whenConnected = new Promise<void>((resolve) => (this.connected = resolve));
  url = '';

  async start(): Promise<this> {
    this.server = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex) => this.accept(req, socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=fake`;
    return this;
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Resolves once the app opened a WebSocket (the fake has then sent `hello`). */
  async connection(ms = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.whenConnected,
      new Promise((_r, reject) => (timer = setTimeout(() => reject(new Error('the app never opened the Socket Mode WebSocket')), ms))),
    ]).finally(() => clearTimeout(timer));
  }

  /** Sends an envelope as Slack does and returns its envelope_id. */
  sendEnvelope(type: string, payload: Record<string, unknown>): string {
    const envelopeId = randomBytes(8).toString('hex');
    this.sendJson({ envelope_id: envelopeId, payload, type, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' });
    return envelopeId;
  }

  /** The app's ack of one envelope, waiting for it. */
  async ackOf(envelopeId: string, ms = 10_000): Promise<Record<string, unknown>> {
    const find = () => this.received.find((m) => m.envelope_id === envelopeId);
    await this.waitFor(() => find() !== undefined, ms);
    return find()!;
  }

  private waitFor(check: () => boolean, ms: number): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { check, resolve: () => resolve() };
      this.waiters.push(waiter);
      setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`fake Socket Mode: condition not met within ${ms} ms (received ${JSON.stringify(this.received)})`));
      }, ms).unref();
    });
  }

  private accept(req: IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') return void socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
    this.socket = socket;
    this.connections++;
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const frame = readFrame(buffered);
        if (!frame) break;
        buffered = buffered.subarray(frame.size);
        this.onFrame(socket, frame.opcode, frame.payload);
      }
    });
    socket.on('error', () => {});
    this.sendJson({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0APP' } });
    this.connected?.();
  }

  private onFrame(socket: Duplex, opcode: number, payload: Buffer): void {
    if (opcode === 0x9) socket.write(frame(0xa, payload)); // ping → pong, as Slack does
    else if (opcode === 0x8) socket.end(frame(0x8, payload.subarray(0, 2)));
    else if (opcode === 0x1) {
      this.received.push(JSON.parse(payload.toString('utf8')) as Record<string, unknown>);
      this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true));
    }
  }

  private sendJson(body: unknown): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(body), 'utf8')));
  }
}

/** One server frame: FIN set, unmasked (servers never mask). */
function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Reads one complete client frame (clients always mask) from the front of `b`, or undefined if incomplete. */
function readFrame(b: Buffer): { opcode: number; payload: Buffer; size: number } | undefined {
  if (b.length < 2) return undefined;
  const opcode = b[0]! & 0x0f;
  const masked = (b[1]! & 0x80) !== 0;
  let len = b[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (b.length < 4) return undefined;
    len = b.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (b.length < 10) return undefined;
    len = Number(b.readBigUInt64BE(2));
    offset = 10;
  }
  const maskKey = masked ? b.subarray(offset, offset + 4) : undefined;
  if (masked) offset += 4;
  if (b.length < offset + len) return undefined;
  const payload = Buffer.from(b.subarray(offset, offset + len));
  if (maskKey) for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ maskKey[i % 4]!;
  return { opcode, payload, size: offset + len };
}
