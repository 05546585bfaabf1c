/**
 * An LSP session with the built server as a process, for the latency benchmarks: the server
 * (`dist/server.js --stdio`, with the extension's V8 flags), and a document edited one character
 * at a time as an editor reports it, with the time each version's diagnostics arrive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { SERVER_NODE_FLAGS } from '../protocol/serverFlags';

export const DEFAULT_SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

/** A `--name=value` option of the command line. */
export function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}

export class Server {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly published: (PublishDiagnosticsParams & { at: number })[] = [];
  private waiters: { uri: string; version: number; resolve: (at: number) => void }[] = [];

  constructor(serverPath: string = option('server') ?? DEFAULT_SERVER, extraFlags: readonly string[] = []) {
    this.process = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...extraFlags, serverPath, '--stdio'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const at = performance.now();
      this.published.push({ ...p, at });
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || w.version !== p.version) return true;
        w.resolve(at);
        return false;
      });
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.listen();
  }

  async initialize(): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the time the diagnostics of that version arrived. */
  diagnostics(uri: string, version: number): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process.on('exit', resolve));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    await exited;
    this.connection.dispose();
  }
}

/** A document open in the server, edited one character at a time as an editor reports it. */
export class Editor {
  version = 1;
  constructor(
    private readonly server: Server,
    readonly uri: string,
    private text: string,
    private readonly languageId = 'asl',
  ) {}

  async open(): Promise<void> {
    const done = this.server.diagnostics(this.uri, 1);
    await this.server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: this.languageId, version: 1, text: this.text },
    });
    await done;
  }

  /** The text as the editor holds it now. */
  textNow(): string {
    return this.text;
  }

  /** Types `insert` at `offset` (or deletes one character there when insert is ''); the didChange's send time. */
  async keystroke(offset: number, insert: string): Promise<number> {
    return this.edit(offset, insert === '' ? 1 : 0, insert);
  }

  /** Replaces `remove` characters at `offset` by `insert` in one didChange; the didChange's send time. */
  async edit(offset: number, remove: number, insert: string): Promise<number> {
    const start = this.positionAt(offset);
    const end = remove > 0 ? this.positionAt(offset + remove) : start;
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + remove);
    this.version++;
    const sent = performance.now();
    await this.server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri, version: this.version },
      contentChanges: [{ range: { start, end }, text: insert }],
    });
    return sent;
  }

  private positionAt(offset: number): { line: number; character: number } {
    let line = 0;
    let lineStart = 0;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { line, character: offset - lineStart };
  }
}

export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export function sleep(msec: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msec));
}

export function summary(values: number[]): { median: number; p90: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}
