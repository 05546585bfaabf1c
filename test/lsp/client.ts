import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Diagnostic,
  type Position,
} from 'vscode-languageserver-protocol/node';

export const SERVER = join(__dirname, '..', '..', '..', 'dist', 'server.js');

/** The built server as its own process, spoken to over stdio as an editor does. */
export class LspClient {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  private readonly waiters: {
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  private readonly logWaiters: { match: RegExp; resolve: (message: string) => void }[] = [];
  stderr = '';

  constructor(
    args: string[] = ['--stdio'],
    private readonly configuration: unknown = {},
  ) {
    this.process = spawn(process.execPath, [SERVER, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => (this.stderr += d));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      const i = this.waiters.findIndex((w) => w.uri === p.uri && w.accept(p));
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(p);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map(() => this.configuration),
    );
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      for (const w of this.logWaiters.filter((x) => x.match.test(p.message))) {
        this.logWaiters.splice(this.logWaiters.indexOf(w), 1);
        w.resolve(p.message);
      }
    });
    this.connection.listen();
  }

  async initialize(rootUri: string | null = null, initializationOptions?: unknown): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      initializationOptions,
      capabilities: {
        workspace: { configuration: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
          completion: { completionItem: { snippetSupport: true } },
          rename: { prepareSupport: true },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the first server log message (window/logMessage) matching, past or future. */
  log(match: RegExp): Promise<string> {
    const seen = this.logs.find((m) => match.test(m));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.logWaiters.push({ match, resolve }));
  }

  /** Resolves with the next diagnostics for `uri` that satisfy `accept`. */
  nextDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, accept, resolve }));
  }

  open(uri: string, text: string, version = 1, languageId = 'asl'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: ({ text: string } | { range: Diagnostic['range']; text: string })[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** A request at a position of a document: completion, hover, definition, references, prepareRename... */
  at<R>(method: string, uri: string, position: Position, extra: Record<string, unknown> = {}): Promise<R> {
    return this.connection.sendRequest(method, { textDocument: { uri }, position, ...extra }) as Promise<R>;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.on('exit', (code) => resolve(code)));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.process.kill();
    }
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

/**
 * Runs `body` against a started and initialized server, then shuts the server down and checks
 * that it exited cleanly (code 0), whether or not `body` threw.
 */
export async function withServer<T>(body: (client: LspClient) => Promise<T>, rootUri: string | null = null): Promise<T> {
  const client = new LspClient();
  try {
    await client.initialize(rootUri);
    return await body(client);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
}
