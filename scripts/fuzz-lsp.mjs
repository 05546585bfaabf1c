#!/usr/bin/env node
// Fuzzes the built language server over stdio, as an editor would drive it: seeded random
// incremental edits (hostile text included) and random requests with random and out-of-range
// parameters; at checkpoints, a fresh server opens the same text and the diagnostics must match.
// Fails on a crash, a hang (per-request time-out), an internal error (-32603), an error the
// server logs from a handler's catch-all, or a mismatch. Refusals the server chose (-32602
// InvalidParams, -32803 RequestFailed, -32600 InvalidRequest for rename refusals) are fine.
//
//   node scripts/fuzz-lsp.mjs [--seed N] [--iterations N] [--seconds S] [--timeout MS]
//                             [--check-every N] [--text FILE] [--server dist/server.js]
//
// Same seed and iterations, same run. Without --seed a random seed is used and printed. The
// documents start from the examples and the corpus, or only from FILE with --text.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Edits between two comparisons with a fresh server. */
const DEFAULT_CHECK_EVERY = 10;

// ---------------------------------------------------------------------------------------------
// Options

function options(argv) {
  const o = {
    seed: undefined,
    iterations: Infinity,
    seconds: Infinity,
    timeout: 15_000,
    server: join(ROOT, 'dist', 'server.js'),
    checkEvery: DEFAULT_CHECK_EVERY,
  };
  for (let i = 0; i < argv.length; i++) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (k === '--seed') o.seed = Number(v);
    else if (k === '--iterations') o.iterations = Number(v);
    else if (k === '--seconds') o.seconds = Number(v);
    else if (k === '--timeout') o.timeout = Number(v);
    else if (k === '--server') o.server = v;
    else if (k === '--check-every') o.checkEvery = Number(v);
    else if (k === '--text') o.text = v;
    else {
      console.error(`fuzz-lsp: unknown argument ${k}`);
      process.exit(2);
    }
    i++;
  }
  if (o.seed === undefined) o.seed = Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(o.seed)) {
    console.error('fuzz-lsp: --seed takes a whole number');
    process.exit(2);
  }
  if (o.iterations === Infinity && o.seconds === Infinity) o.iterations = 500;
  return o;
}

/** mulberry32: small, fast, seedable. */
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

// ---------------------------------------------------------------------------------------------
// A minimal LSP client over stdio (Content-Length framing)

class Server {
  constructor(path, name, timeout) {
    this.name = name;
    this.timeout = timeout;
    this.proc = spawn(process.execPath, [path, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.nextId = 1;
    this.pending = new Map();
    this.published = new Map(); // uri -> { version, diagnostics }
    this.waiters = [];
    this.errors = []; // handler errors the server logged
    this.stderr = '';
    this.exited = undefined;
    this.buffer = Buffer.alloc(0);
    this.proc.stdout.on('data', (d) => this.read(d));
    this.proc.stderr.on('data', (d) => (this.stderr += d));
    this.proc.on('exit', (code, signal) => {
      this.exited = `exited with ${signal ?? code}`;
      for (const p of this.pending.values()) p.reject(new Error(`${this.name} ${this.exited}`));
      this.pending.clear();
    });
    this.proc.stdin.on('error', () => {});
  }

  read(chunk) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, end).toString('ascii'))?.[1]);
      if (this.buffer.length < end + 4 + length) return;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 4 + length);
      this.dispatch(JSON.parse(body));
    }
  }

  dispatch(m) {
    if (m.id !== undefined && m.method === undefined) {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      p.resolve(m);
    } else if (m.id !== undefined) {
      // Requests from the server: settings (none), registrations.
      const result = m.method === 'workspace/configuration' ? (m.params?.items ?? []).map(() => ({})) : null;
      this.send({ jsonrpc: '2.0', id: m.id, result });
    } else if (m.method === 'textDocument/publishDiagnostics') {
      this.published.set(m.params.uri, m.params);
      for (const w of [...this.waiters]) if (w.uri === m.params.uri && m.params.version === w.version) w.resolve(m.params);
    } else if (m.method === 'window/logMessage' && m.params?.type === 1) {
      this.errors.push(m.params.message);
    }
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  notify(method, params) {
    if (!this.exited) this.send({ jsonrpc: '2.0', method, params });
  }

  /** Resolves with the whole response message ({ result } or { error }); rejects on time-out or exit. */
  request(method, params) {
    if (this.exited) return Promise.reject(new Error(`${this.name} ${this.exited}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${method} within ${this.timeout} ms (a hang)`));
      }, this.timeout);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** The diagnostics of `uri` at `version` (already published, or the next publication of it). */
  diagnostics(uri, version) {
    const seen = this.published.get(uri);
    if (seen && seen.version === version) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const w = { uri, version, resolve: (p) => (clearTimeout(timer), this.waiters.splice(this.waiters.indexOf(w), 1), resolve(p)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        reject(new Error(`${this.name}: no diagnostics for version ${version} within ${this.timeout} ms (a hang)`));
      }, this.timeout);
      this.waiters.push(w);
    });
  }

  async start() {
    const r = await this.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, textDocument: { rename: { prepareSupport: true } } },
    });
    if (r.error) throw new Error(`${this.name}: initialize failed: ${r.error.message}`);
    this.notify('initialized', {});
  }

  async stop() {
    if (this.exited) return;
    const gone = new Promise((resolve) => this.proc.on('exit', resolve));
    try {
      await this.request('shutdown', null);
      this.notify('exit', null);
    } catch {
      this.proc.kill();
    }
    await gone;
  }
}

// ---------------------------------------------------------------------------------------------
// Documents and edits

/** Line starts as vscode-languageserver-textdocument counts them: \r\n, \r and \n end a line. */
function lineStarts(text) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 || c === 10) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function positionAt(starts, offset) {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

function seedTexts() {
  const files = [];
  for (const dir of [
    'examples/article-review',
    'examples/data-pipeline',
    'examples/order-processing',
    'test/corpus/valid',
    'test/corpus/invalid',
  ]) {
    try {
      for (const f of readdirSync(join(ROOT, dir)).sort()) if (f.endsWith('.asl.json')) files.push(join(ROOT, dir, f));
    } catch {
      // A folder missing from a partial checkout: fewer seeds.
    }
  }
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  texts.push('', '{}', '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}');
  // Issue 12, item 1: a non-object state in a nested scope whose name is also used outside it.
  texts.push(
    '{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"X","States":{"X":true}},"End":true},"X":{"Type":"Pass","End":true}}}',
  );
  return texts;
}

const MAX_TEXT = 300_000;

/** Hostile and ordinary snippets to insert. */
function snippet(r, text) {
  switch (r.int(16)) {
    case 0:
      return '['.repeat(r.pick([10, 999, 1001, 3000]));
    case 1:
      return '{"a":'.repeat(r.pick([10, 500, 1200]));
    case 2:
      return r.pick(['\uD800', '\uDC00', '"\\uD800"', '"\\uDBFF\\uDC00"', '😀', '\uFFFE', '\u2028']);
    case 3:
      return r.pick(['1e400', '-0', '123456789012345678901234567890', '9007199254740993', '1e-400', '-', '0x10', 'NaN', 'Infinity']);
    case 4:
      return String.fromCharCode(r.int(32));
    case 5:
      return r.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '\r', '\r\n', '\n', ' ', '\t']);
    case 6:
      return r.pick([
        '"Type": "Pass", ',
        '"Next": "X", ',
        '"End": true, ',
        '"Type": "Choice", "Choices": [{"Variable": "$.a", "IsPresent": true, "Next": "A"}], ',
        '"Type": "Map", "ItemProcessor": {"StartAt": "M", "States": {"M": {"Type": "Pass", "End": true}}}, ',
      ]);
    case 7:
      return r.pick([
        '"States": {}',
        '"StartAt": ""',
        '"QueryLanguage": "JSONata", ',
        '"Output": "{% $x %}", ',
        '"ResultSelector": {"a.$": "States.Format(\'{}\', $.x)"}, ',
      ]);
    case 8:
      return r.pick([
        '"X": {"Type": "Pass", "End": true}, ',
        '"X": true, ',
        '"X": [], ',
        '"A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}, ',
      ]);
    case 9:
      return r.pick([
        '$.a[?(@.b > 1)]',
        '$$.Map.Item.Value',
        '{% $states.input %}',
        '{% ($f := function($n){ $f($n) }; 1) %}',
        'States.Array(States.Array(States.Array(1)))',
      ]);
    case 10: {
      // A piece of the document itself, moved.
      const at = r.int(text.length + 1);
      return text.slice(at, at + r.int(200));
    }
    case 11:
      return 'x'.repeat(r.pick([1, 100, 5000]));
    case 12:
      return JSON.stringify({ ['\u0000' + r.int(10)]: { Type: 'Pass', Next: '\uD800' } }).slice(1, -1) + ',';
    default:
      return r.pick(['"', '":', '", "', 'true', 'null', '0', '{}', '[]']);
  }
}

/** One random change: a range edit (mostly) or the whole text; returns the new text and the LSP change. */
function randomChange(r, text, seeds) {
  if (r.chance(0.02) || text.length > MAX_TEXT) {
    const next = r.chance(0.5) ? r.pick(seeds) : text.slice(0, r.int(text.length + 1));
    return { text: next, change: { text: next } };
  }
  const starts = lineStarts(text);
  let a = r.int(text.length + 1);
  let b = Math.min(text.length, a + (r.chance(0.5) ? 0 : r.int(r.chance(0.1) ? 2000 : 20)));
  // Never split a surrogate pair or a \r\n: the editor never does, and positions would not round-trip.
  const splits = (o) =>
    o > 0 &&
    o < text.length &&
    ((/[\uD800-\uDBFF]/.test(text[o - 1]) && /[\uDC00-\uDFFF]/.test(text[o])) || (text[o - 1] === '\r' && text[o] === '\n'));
  if (splits(a)) a--;
  if (splits(b)) b++;
  let insert;
  if (r.chance(0.25)) {
    // Whitespace only (one blank removed, or some added): the diagnostics must stay those of a fresh open.
    if (/[ \t\n]/.test(text[a] ?? '') && r.chance(0.5)) b = a + 1;
    else b = a;
    insert = b > a ? '' : r.pick([' ', '\n', '  ', '\t']);
  } else {
    insert = r.chance(0.3) ? '' : snippet(r, text);
  }
  const next = text.slice(0, a) + insert + text.slice(b);
  return { text: next, change: { range: { start: positionAt(starts, a), end: positionAt(starts, b) }, text: insert } };
}

// ---------------------------------------------------------------------------------------------
// Requests

const ODD_NUMBERS = [-1, 1.5, 2 ** 31, 2 ** 53, NaN, '3', null, undefined, {}, []];
const GOOD_ERRORS = new Set([
  -32602 /* InvalidParams */, -32803 /* RequestFailed */, -32600 /* InvalidRequest: a refused rename */, -32800 /* RequestCancelled */,
]);

function randomPosition(r, text, starts) {
  if (r.chance(0.1)) {
    return r.pick([
      { line: r.pick(ODD_NUMBERS), character: 0 },
      { line: 0, character: r.pick(ODD_NUMBERS) },
      null,
      { line: starts.length + 5, character: 3 },
      { line: 0, character: 1_000_000 },
    ]);
  }
  return positionAt(starts, r.int(text.length + 1));
}

function randomRange(r, text, starts) {
  const a = randomPosition(r, text, starts);
  const b = randomPosition(r, text, starts);
  if (r.chance(0.1) || !a || !b) return { start: a, end: b };
  const before = a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before ? { start: a, end: b } : { start: b, end: a };
}

function randomOptions(r) {
  if (r.chance(0.15))
    return r.pick([
      null,
      { tabSize: r.pick([0, -4, 33, 100_000_000, 2.5, '4']), insertSpaces: true },
      { tabSize: 2, insertSpaces: 'no' },
      {},
    ]);
  return { tabSize: r.pick([1, 2, 4, 8, 32]), insertSpaces: r.chance(0.7), insertFinalNewline: r.chance(0.5) };
}

function randomName(r) {
  return r.pick(['Renamed', '', 'x'.repeat(81), 'a\u0000b', '\uD800', '😀 ok', 'say "hi"', ['x'], 42, null, 'A', 'B', 'x'.repeat(100_000)]);
}

function randomRequest(r, uri, version, text) {
  const starts = lineStarts(text);
  const td = r.chance(0.03) ? r.pick([{ uri: 42 }, null, { uri: 'file:///not/open.asl.json' }]) : { uri };
  const position = () => randomPosition(r, text, starts);
  switch (r.int(15)) {
    case 0:
      return ['textDocument/completion', { textDocument: td, position: position() }];
    case 1:
      return ['textDocument/hover', { textDocument: td, position: position() }];
    case 2:
      return ['textDocument/definition', { textDocument: td, position: position() }];
    case 3:
      return [
        'textDocument/references',
        { textDocument: td, position: position(), context: r.chance(0.9) ? { includeDeclaration: r.chance(0.5) } : undefined },
      ];
    case 4:
      return ['textDocument/documentHighlight', { textDocument: td, position: position() }];
    case 5:
      return ['textDocument/prepareRename', { textDocument: td, position: position() }];
    case 6:
      return ['textDocument/rename', { textDocument: td, position: position(), newName: randomName(r) }];
    case 7:
      return ['textDocument/formatting', { textDocument: td, options: randomOptions(r) }];
    case 8:
      return ['textDocument/rangeFormatting', { textDocument: td, range: randomRange(r, text, starts), options: randomOptions(r) }];
    case 9:
      return ['textDocument/foldingRange', { textDocument: td }];
    case 10:
      return ['textDocument/documentSymbol', { textDocument: td }];
    case 11:
      return ['textDocument/selectionRange', { textDocument: td, positions: Array.from({ length: r.int(4) }, position) }];
    case 12:
      return [
        'textDocument/codeAction',
        {
          textDocument: td,
          range: randomRange(r, text, starts),
          context: { diagnostics: [], only: r.chance(0.3) ? ['quickfix'] : undefined },
        },
      ];
    default:
      return ['aslWorkbench/graph', r.chance(0.05) ? { uri, version: r.pick(ODD_NUMBERS) } : { uri, version }];
  }
}

// ---------------------------------------------------------------------------------------------
// The run

/** Diagnostics in a stable order, for comparison. */
function canonical(list) {
  const key = (d) =>
    JSON.stringify([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.code, d.message]);
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

async function main() {
  const o = options(process.argv.slice(2));
  const r = rng(o.seed);
  const seeds = o.text ? [readFileSync(o.text, 'utf8')] : seedTexts();
  const limit = o.seconds === Infinity ? '' : ` or ${o.seconds} s`;
  console.log(
    `fuzz-lsp: seed ${o.seed}, ${o.iterations === Infinity ? 'unbounded' : o.iterations} edits${limit}, time-out ${o.timeout} ms`,
  );
  const a = new Server(o.server, 'server', o.timeout);
  const fresh = new Server(o.server, 'fresh server', o.timeout);
  const deadline = Date.now() + o.seconds * 1000;
  const stats = { edits: 0, requests: 0, refused: 0, checks: 0, documents: 0 };
  let failure;
  let text = '';
  try {
    await Promise.all([a.start(), fresh.start()]);
    let uri;
    let version = 0;
    let freshCount = 0;
    const check = async () => {
      // A fresh version with an empty edit: the publication awaited is of the text as it is now
      // (with a repeated version number, an older publication in flight would carry the same number).
      version++;
      a.published.delete(uri);
      a.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }],
      });
      const mine = await a.diagnostics(uri, version);
      const freshUri = `file:///fuzz/fresh-${++freshCount}.asl.json`;
      fresh.notify('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'asl', version: 1, text } });
      const theirs = await fresh.diagnostics(freshUri, 1);
      fresh.notify('textDocument/didClose', { textDocument: { uri: freshUri } });
      stats.checks++;
      if (!isDeepStrictEqual(canonical(mine.diagnostics), canonical(theirs.diagnostics))) {
        const only = (x, y) =>
          canonical(x)
            .filter((d) => !y.some((e) => isDeepStrictEqual(d, e)))
            .map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
        throw new Error(
          `diagnostics after edit ${stats.edits} differ from a fresh open of the same text:\n  only after the edits: ${JSON.stringify(only(mine.diagnostics, theirs.diagnostics))}\n  only when opened fresh: ${JSON.stringify(only(theirs.diagnostics, mine.diagnostics))}`,
        );
      }
    };
    const newDocument = () => {
      uri = `file:///fuzz/doc-${++stats.documents}.asl.json`;
      version = 1;
      text = r.pick(seeds);
      a.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'asl', version, text } });
    };
    newDocument();
    while (stats.edits < o.iterations && Date.now() < deadline) {
      const changes = [];
      for (let k = 1 + (r.chance(0.2) ? r.int(4) : 0); k > 0; k--) {
        const c = randomChange(r, text, seeds);
        text = c.text;
        changes.push(c.change);
      }
      // A repeated version (issue 12, item 7) now and then: the server must not trust the number alone.
      version += r.chance(0.02) ? 0 : 1;
      a.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
      stats.edits++;
      const requests = [];
      for (let k = r.int(3); k > 0; k--) {
        const [method, params] = randomRequest(r, uri, version, text);
        requests.push(
          a.request(method, params).then((m) => {
            stats.requests++;
            if (m.error && !GOOD_ERRORS.has(m.error.code))
              throw new Error(
                `${method} answered error ${m.error.code}: ${m.error.message}\n  params: ${JSON.stringify(params).slice(0, 500)}`,
              );
            if (m.error) stats.refused++;
          }),
        );
      }
      await Promise.all(requests);
      if (a.errors.length > 0) throw new Error(`the server logged a handler error: ${a.errors[0].slice(0, 2000)}`);
      if (stats.edits % o.checkEvery === 0) {
        await check();
        if (r.chance(0.3)) {
          a.notify('textDocument/didClose', { textDocument: { uri } });
          newDocument();
        }
      }
    }
    await check();
    if (a.errors.length > 0) throw new Error(`the server logged a handler error: ${a.errors[0].slice(0, 2000)}`);
    if (fresh.errors.length > 0) throw new Error(`the fresh server logged an error: ${fresh.errors[0].slice(0, 2000)}`);
  } catch (err) {
    failure = err;
  }
  await Promise.all([a.stop(), fresh.stop()]).catch(() => {});
  for (const s of [a, fresh]) if (s.exited && !/exited with 0/.test(s.exited) && !failure) failure = new Error(`${s.name} ${s.exited}`);
  console.log(
    `fuzz-lsp: ${stats.edits} edits, ${stats.requests} requests answered (${stats.refused} refused as invalid), ${stats.checks} comparisons with a fresh server, ${stats.documents} documents`,
  );
  if (failure) {
    const saved = join(tmpdir(), `fuzz-lsp-${o.seed}.txt`);
    writeFileSync(saved, text);
    console.log(`fuzz-lsp: FAILED at edit ${stats.edits} (seed ${o.seed}): ${failure.message}`);
    for (const s of [a, fresh]) if (s.stderr.trim()) console.log(`${s.name} stderr: ${s.stderr.slice(-2000)}`);
    console.log(
      `fuzz-lsp: the document's text is in ${saved}; reproduce with: node scripts/fuzz-lsp.mjs --seed ${o.seed} --iterations ${stats.edits}${o.checkEvery !== DEFAULT_CHECK_EVERY ? ` --check-every ${o.checkEvery}` : ''}${o.text ? ` --text ${o.text}` : ''}`,
    );
    process.exit(1);
  }
  console.log(`fuzz-lsp: passed (seed ${o.seed})`);
}

await main();
