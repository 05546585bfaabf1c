/**
 * A minimal Chrome DevTools Protocol client over a WebSocket (RFC 6455, text frames only), for
 * the tests to act as the JavaScript debugger on a handler worker's inspector. Node 20 has no
 * WebSocket without a flag, and the project adds no dependency for a test.
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';

const EVENT_WAIT_MS = 20_000;

type Message = {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
};

export class Cdp {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly waiters: {
    method: string;
    accept: (p: Record<string, unknown>) => boolean;
    resolve: (p: Record<string, unknown>) => void;
  }[] = [];
  /** Events received and not taken by `event()` yet, in order. */
  private readonly events: Message[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (d: Buffer) => this.read(d));
  }

  /** Connects to ws://host:port/path. */
  static connect(url: string): Promise<Cdp> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const req = request({
        host: u.hostname,
        port: u.port,
        path: u.pathname,
        headers: {
          Connection: 'Upgrade',
          Upgrade: 'websocket',
          'Sec-WebSocket-Version': '13',
          'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        },
      });
      req.on('upgrade', (_res, socket) => resolve(new Cdp(socket)));
      req.on('response', (res) => reject(new Error(`no WebSocket upgrade: HTTP ${res.statusCode}`)));
      req.on('error', reject);
      req.end();
    });
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    const payload = Buffer.from(JSON.stringify({ id, method, params }));
    const mask = randomBytes(4);
    const len = payload.length;
    const head =
      len < 126
        ? Buffer.from([0x81, 0x80 | len])
        : len < 65536
          ? Buffer.from([0x81, 0x80 | 126, len >> 8, len & 0xff])
          : Buffer.concat([Buffer.from([0x81, 0x80 | 127, 0, 0, 0, 0]), uint32(len)]);
    const body = Buffer.alloc(len);
    for (let i = 0; i < len; i++) body[i] = payload[i] ^ mask[i % 4];
    this.socket.write(Buffer.concat([head, mask, body]));
    return new Promise((resolve, reject) =>
      this.pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result ?? {}))),
    );
  }

  /** The first event `method` not taken yet that `accept` takes (received already, or within the time limit). */
  event(
    method: string,
    accept: (p: Record<string, unknown>) => boolean = () => true,
    timeoutMs = EVENT_WAIT_MS,
  ): Promise<Record<string, unknown>> {
    const i = this.events.findIndex((e) => e.method === method && accept(e.params ?? {}));
    if (i >= 0) return Promise.resolve(this.events.splice(i, 1)[0].params ?? {});
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no ${method} within ${timeoutMs} ms; events: ${this.events
                .map((e) => e.method)
                .filter((m) => m !== 'Debugger.scriptParsed')
                .join(', ')}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ method, accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private read(d: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, d]);
    for (;;) {
      if (this.buffer.length < 2) return;
      let len = this.buffer[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        at = 10;
      }
      if (this.buffer.length < at + len) return;
      const opcode = this.buffer[0] & 0x0f;
      const data = this.buffer.subarray(at, at + len).toString('utf8');
      this.buffer = this.buffer.subarray(at + len);
      if (opcode === 1) this.dispatch(JSON.parse(data) as Message);
    }
  }

  private dispatch(m: Message): void {
    if (m.id !== undefined) {
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
      return;
    }
    const i = this.waiters.findIndex((w) => w.method === m.method && w.accept(m.params ?? {}));
    if (i >= 0) this.waiters.splice(i, 1)[0].resolve(m.params ?? {});
    else this.events.push(m);
  }
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
