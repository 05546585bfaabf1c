/**
 * Keystroke to diagnostics, over LSP as an editor sees it: the built server (`dist/server.js
 * --stdio`, with the V8 flags the extension gives it) opens generated machines of 100, 1,000 and
 * 5,000 states; single-character incremental didChange edits are sent as an editor sends them;
 * the time from each didChange to the publishDiagnostics of that version is measured (median,
 * p90), debounce included. Then bursts of keystrokes 30 ms apart: how many validations follow.
 * Beside it, amazon-states-language-service's validation of the same text (in this process).
 *
 *   npm run bench:latency                       (build, compile, run)
 *   node out/bench/latency.js --sizes=100,1000 --keystrokes=40
 *   node out/bench/latency.js --server=/other/checkout/dist/server.js   (another build, to compare)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
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
import { seededRandom } from '../server/src/core/engine/random';
import { generateMachine } from '../test/fixtures/generate';
import { ms, table } from './format';
import { toolById } from './tools';

const DEFAULT_SERVER = join(__dirname, '..', '..', 'dist', 'server.js');
const DEFAULT_SIZES = [100, 1000, 5000];
/** Keystrokes measured per size and place (after WARM_UP ones not counted). */
const DEFAULT_KEYSTROKES = 40;
const WARM_UP = 6;
/** A pause between measured keystrokes, so each one's latency is its own (a typist's pause). */
const PAUSE_MS = 150;
/** The burst: keystrokes this far apart (fast typing), then a wait for anything further. */
const BURST_KEYSTROKES = 10;
const BURST_GAP_MS = 30;
const BURSTS = 5;
const SETTLE_MS = 1500;
/** The goals of issue #11: median keystroke to diagnostics. */
const GOALS: Record<number, number> = { 1000: 100, 5000: 200 };
const PEER_RUNS = 5;

function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg?.slice(name.length + 3);
}

class Server {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly published: (PublishDiagnosticsParams & { at: number })[] = [];
  private waiters: { uri: string; version: number; resolve: (at: number) => void }[] = [];

  constructor() {
    this.process = spawn(process.execPath, [...SERVER_NODE_FLAGS, option('server') ?? DEFAULT_SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
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
    await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
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
class Editor {
  version = 1;
  constructor(
    private readonly server: Server,
    readonly uri: string,
    private text: string,
  ) {}

  async open(): Promise<void> {
    const done = this.server.diagnostics(this.uri, 1);
    await this.server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri, languageId: 'asl', version: 1, text: this.text } });
    await done;
  }

  /** Types `insert` at `offset` (or deletes one character there when insert is ''); the didChange's send time. */
  async keystroke(offset: number, insert: string): Promise<number> {
    const start = this.positionAt(offset);
    const end = insert === '' ? this.positionAt(offset + 1) : start;
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + (insert === '' ? 1 : 0));
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

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function sleep(msec: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msec));
}

/** Inside a Comment string: typing there keeps the JSON valid, as most keystrokes do. */
function commentOffsets(text: string): { root: number; states: number[] } {
  const marker = '"Comment": "';
  const all: number[] = [];
  for (let i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + 1)) all.push(i + marker.length);
  return { root: all[0], states: all.slice(1) };
}

interface Figures {
  states: number;
  characters: number;
  inState: number[];
  inRoot: number[];
  burstPublishes: number[];
  burstLastLatency: number[];
  peer: number;
}

async function measureSize(server: Server, states: number, keystrokes: number): Promise<Figures> {
  const text = generateMachine({ states, seed: 42 });
  const editor = new Editor(server, `file:///bench/latency-${states}.asl.json`, text);
  await editor.open();
  const random = seededRandom(states);
  const { root, states: places } = commentOffsets(text);
  // Each place gets a character typed, then deleted again (a typo and its correction), so the
  // text stays the same size and valid.
  const run = async (place: () => number, count: number): Promise<number[]> => {
    const out: number[] = [];
    for (let k = 0; k < count; k++) {
      const offset = place();
      for (const insert of ['x', '']) {
        const sent = await editor.keystroke(offset, insert);
        const arrived = await server.diagnostics(editor.uri, editor.version);
        out.push(arrived - sent);
        await sleep(PAUSE_MS);
      }
    }
    return out;
  };
  const inState = () => places[Math.floor(random() * places.length)];
  await run(inState, WARM_UP / 2);
  const inStateMs = await run(inState, keystrokes / 2);
  const inRootMs = await run(() => root, keystrokes / 2);
  const burstPublishes: number[] = [];
  const burstLastLatency: number[] = [];
  for (let b = 0; b < BURSTS; b++) {
    const offset = inState();
    const before = server.published.length;
    const first = editor.version + 1;
    let lastSent = 0;
    for (let k = 0; k < BURST_KEYSTROKES; k++) {
      lastSent = await editor.keystroke(offset + k, 'y');
      if (k < BURST_KEYSTROKES - 1) await sleep(BURST_GAP_MS);
    }
    const arrived = await server.diagnostics(editor.uri, editor.version);
    burstLastLatency.push(arrived - lastSent);
    await sleep(SETTLE_MS);
    burstPublishes.push(server.published.slice(before).filter((p) => p.uri === editor.uri && (p.version ?? 0) >= first).length);
    // Delete the burst again, in one edit.
    await editor.keystroke(offset, '');
    for (let k = 1; k < BURST_KEYSTROKES; k++) await editor.keystroke(offset, '');
    await server.diagnostics(editor.uri, editor.version);
    await sleep(PAUSE_MS);
  }
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: editor.uri } });
  return { states, characters: text.length, inState: inStateMs, inRoot: inRootMs, burstPublishes, burstLastLatency, peer: await peerValidation(text) };
}

/** amazon-states-language-service's validation of the same text: the median of a few runs. */
async function peerValidation(text: string): Promise<number> {
  const run = toolById('asl-ls').load();
  await run(text);
  const times: number[] = [];
  for (let i = 0; i < PEER_RUNS; i++) {
    const t0 = performance.now();
    await run(text);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function summary(values: number[]): { median: number; p90: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

async function main(): Promise<void> {
  const sizes = option('sizes')?.split(',').map(Number) ?? DEFAULT_SIZES;
  const keystrokes = Number(option('keystrokes') ?? DEFAULT_KEYSTROKES);
  const loadStart = loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Keystroke to diagnostics over LSP (node ${process.version}, server flags ${SERVER_NODE_FLAGS.join(' ')}); load average ${loadStart}`);
  const server = new Server();
  await server.initialize();
  const results: Figures[] = [];
  for (const states of sizes) {
    results.push(await measureSize(server, states, keystrokes));
    console.log(`  ${states} states measured`);
  }
  await server.stop();
  const rows = results.map((r) => {
    const s = summary(r.inState);
    const root = summary(r.inRoot);
    const burst = summary(r.burstLastLatency);
    const goal = GOALS[r.states];
    return [
      `${r.states} (${Math.round(r.characters / 1024)} KB)`,
      ms(s.median),
      ms(s.p90),
      ms(root.median),
      ms(root.p90),
      r.burstPublishes.join(' '),
      ms(burst.median),
      ms(r.peer),
      goal === undefined ? '-' : `${s.median <= goal && root.median <= goal ? 'met' : 'MISSED'} (${goal} ms)`,
    ];
  });
  console.log();
  console.log(table(
    ['states', 'in a state: median', 'p90', 'root Comment: median', 'p90', `publishes per burst of ${BURST_KEYSTROKES}`, 'burst: last key to diagnostics', 'amazon-states-language-service validation', 'goal (median)'],
    rows,
  ));
  console.log(`\n${keystrokes} keystrokes per size and place (a character typed, then deleted), ${PAUSE_MS} ms apart; bursts: ${BURSTS} of ${BURST_KEYSTROKES} keystrokes ${BURST_GAP_MS} ms apart.`);
  console.log(`Load average at the start ${loadStart}, at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
