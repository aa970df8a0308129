import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A fake of Slack's Socket Mode endpoint (the wss:// URL apps.connections.open hands out): it accepts the
 * app's WebSocket, says `hello`, pushes envelopes and records what the app sends back (acks carry the
 * envelope_id). The WebSocket protocol (framing, ping/pong, close) is the `ws` package's WebSocketServer,
 * attached to a plain HTTP server that answers anything but an upgrade with 426.
 */
export class FakeSocketMode {
  /** Every JSON message the app sent over the socket (acks: `{ envelope_id, payload? }`). */
  readonly received: Record<string, unknown>[] = [];
  connections = 0;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  private connected: (() => void) | undefined;
  private readonly whenConnected = new Promise<void>((resolve) => (this.connected = resolve));
  url = '';

  async start(): Promise<this> {
    this.server = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/link/?ticket=fake`;
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.wss?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => this.wss?.close(() => resolve()) ?? resolve());
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

  /** `ws` answers pings with pongs and completes the close handshake itself, as Slack does. */
  private accept(socket: WebSocket): void {
    this.socket = socket;
    this.connections++;
    socket.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.received.push(JSON.parse(data.toString()) as Record<string, unknown>);
      this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true));
    });
    socket.on('error', () => {});
    this.sendJson({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0APP' } });
    this.connected?.();
  }

  private sendJson(body: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(body));
  }
}
