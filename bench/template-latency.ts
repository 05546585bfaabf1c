/**
 * Keystroke to diagnostics in a SAM template.yaml whose state machine (the fixture generator's,
 * 300 states by default) is written inline, over LSP as an editor sees it (the built server with
 * the extension's V8 flags, debounce included). Keystrokes land in a Comment inside a state (the
 * machine changes) and in another resource's property (the machine does not); each character is
 * typed and deleted again. Beside it, in this process: what one version costs, split into the
 * template's parse (YAML) and the machines' analysis. The goal of issue 13: 150 ms over LSP.
 *
 *   npm run build && npx tsc -p . && node out/bench/template-latency.js [--states=300] [--keystrokes=30]
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
import { parseText } from '../server/src/core/syntax';
import { treeToYaml } from '../server/src/core/yaml';
import { analyzeMachine, openTemplate } from '../server/src/core/templates';
import { generateMachine } from '../test/fixtures/generate';
import { ms, table } from './format';
import { DEFAULT_TIMING, measureEach } from './measure';

const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');
const GOAL_MS = 150;
/** A typist's pause between measured keystrokes, so each latency is its own. */
const PAUSE_MS = 150;
const WARM_UP = 4;
const URI = 'file:///bench/template.yaml';
/** Where the machine sits in the template: the generator's YAML goes under Definition, indented this much. */
const DEFINITION_INDENT = '        ';

function option(name: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.slice(name.length + 3)) : fallback;
}

/** A SAM template: the machine inline, with a substitution, then another resource whose Description we type in. */
export function samTemplate(states: number): string {
  const tree = parseText(generateMachine({ states, seed: 42 }), 'json').tree;
  if (!tree) throw new Error('the generated machine does not parse');
  const definition = treeToYaml(tree)
    .trimEnd()
    .split('\n')
    .map((l) => DEFINITION_INDENT + l)
    .join('\n');
  return [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    '  Flow:',
    '    Type: AWS::Serverless::StateMachine',
    '    Properties:',
    '      DefinitionSubstitutions:',
    '        Unused: x',
    '      Definition:',
    definition,
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      QueueName: "orders queue"',
    '',
  ].join('\n');
}

class Server {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  private waiters: { version: number; resolve: (at: number) => void }[] = [];

  constructor() {
    this.process = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const at = performance.now();
      this.waiters = this.waiters.filter((w) => (p.uri === URI && w.version === p.version ? (w.resolve(at), false) : true));
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
    this.connection.listen();
  }

  diagnostics(version: number): Promise<number> {
    return new Promise((resolve) => this.waiters.push({ version, resolve }));
  }
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

async function main(): Promise<void> {
  const states = option('states', 300);
  const keystrokes = option('keystrokes', 30);
  let text = samTemplate(states);
  console.log(
    `Keystroke to diagnostics in a SAM template.yaml with a ${states}-state inline machine (${Math.round(text.length / 1024)} KB) over LSP; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  // In this process: one version's parts.
  const t = openTemplate(text, 'template.yaml')!;
  // One keystroke in a state's Comment: the next version's host spliced from this one's parse.
  const typedAt = text.indexOf('Comment: ', text.indexOf('States:')) + 'Comment: '.length;
  const typed = `${text.slice(0, typedAt)}x${text.slice(typedAt)}`;
  const timings = await measureEach(
    new Map<string, () => unknown>([
      ['template parse (YAML) and machine search', () => openTemplate(text, 'template.yaml')],
      ['the same after a keystroke, spliced from the previous parse', () => openTemplate(typed, 'template.yaml', t.host)],
      ['machine analysis (copy, model, rules)', () => analyzeMachine(t.host, t.machines[0], {})],
    ]),
    { ...DEFAULT_TIMING, minRuns: 10, budgetMs: 4000 },
  );

  const server = new Server();
  await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { workspace: { configuration: true } },
  });
  await server.connection.sendNotification('initialized', {});
  let version = 1;
  const opened = server.diagnostics(1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'yaml', version, text } });
  await opened;

  const type = async (offset: number, insert: string): Promise<number> => {
    const start = positionAt(text, offset);
    const end = insert === '' ? positionAt(text, offset + 1) : start;
    text = text.slice(0, offset) + insert + text.slice(offset + (insert === '' ? 1 : 0));
    version++;
    const arrived = server.diagnostics(version);
    const sent = performance.now();
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: URI, version },
      contentChanges: [{ range: { start, end }, text: insert }],
    });
    return (await arrived) - sent;
  };
  const measure = async (offset: number, count: number): Promise<number[]> => {
    const out: number[] = [];
    for (let k = 0; k < count; k++) {
      for (const insert of ['x', '']) {
        out.push(await type(offset, insert));
        await sleep(PAUSE_MS);
      }
    }
    return out;
  };
  const comment = text.indexOf('Comment: ', text.indexOf('States:')) + 'Comment: '.length;
  const outside = text.indexOf('orders queue') + 1;
  await measure(comment, WARM_UP / 2);
  const inMachine = await measure(comment, keystrokes / 2);
  const elsewhere = await measure(outside, keystrokes / 2);
  const exited = new Promise((r) => server.process.on('exit', r));
  await server.connection.sendRequest('shutdown');
  await server.connection.sendNotification('exit');
  await exited;
  server.connection.dispose();

  const stat = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], p90: s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] };
  };
  const a = stat(inMachine);
  const b = stat(elsewhere);
  console.log();
  console.log(
    table(
      ['keystroke', 'median', 'p90', `goal (${GOAL_MS} ms median)`],
      [
        ["in a state's Comment (the machine changes)", ms(a.median), ms(a.p90), a.median <= GOAL_MS ? 'met' : 'MISSED'],
        ['in another resource (the machine does not)', ms(b.median), ms(b.p90), b.median <= GOAL_MS ? 'met' : 'MISSED'],
      ],
    ),
  );
  console.log();
  console.log(
    table(
      ['one version, in this process', 'median'],
      [...timings].map(([name, t]) => [name, ms(t.median)]),
    ),
  );
  console.log(
    `load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
