/**
 * `asl-workbench graph` as a user runs it (the built dist/cli.js, `npm run build` first): on every
 * example and every valid corpus machine, the SVG names every state, and the layout it comes
 * from (the JSON output) has no overlapping boxes.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PositionedGraph } from '../../server/src/core/graph';
import { MAX_LAYERED_ITEMS } from '../../server/src/core/graph/layered';
import { generateMachine } from '../fixtures/generate';
import { geometryProblems, xmlEscaped } from '../unit/graphChecks';
import { xmlProblem } from '../unit/xmlCheck';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

before(() => {
  assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first');
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, without waiting: the corpus test runs a few at once. */
function cliAsync(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

function machines(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir)).sort()) {
    const p = join(dir, name);
    if (statSync(join(ROOT, p)).isDirectory()) out.push(...machines(p));
    else if (name.endsWith('.asl.json')) out.push(p);
  }
  return out;
}

const FILES = [...machines('examples'), ...machines('test/corpus/valid')];

test('there are machines to draw', () => {
  assert.ok(FILES.length >= 70, `found ${FILES.length}`);
});

test('every example and valid corpus machine: an SVG naming every state, from a layout without overlaps', async () => {
  const failures: string[] = [];
  const check = async (file: string): Promise<void> => {
    const [json, svg] = await Promise.all([cliAsync('graph', file, '--format', 'json'), cliAsync('graph', file)]);
    if (json.code !== 0) {
      failures.push(`${file}: graph --format json exited ${json.code}: ${json.stderr}`);
      return;
    }
    const graph = JSON.parse(json.stdout) as PositionedGraph;
    for (const p of geometryProblems(graph)) failures.push(`${file}: ${p}`);
    if (svg.code !== 0 || !svg.stdout.startsWith('<svg ')) {
      failures.push(`${file}: graph exited ${svg.code}: ${svg.stderr}`);
      return;
    }
    const states = graph.model.nodes.filter((n) => n.kind === 'state');
    if (states.length !== graph.model.stateCount) failures.push(`${file}: ${states.length} nodes for ${graph.model.stateCount} states`);
    for (const s of states) {
      if (!svg.stdout.includes(`data-name="${xmlEscaped(s.name)}"`) || !svg.stdout.includes(`<title>${xmlEscaped(s.name)}\n`))
        failures.push(`${file}: state "${s.name}" is not in the SVG`);
    }
  };
  const queue = [...FILES];
  const workers = Array.from({ length: Math.max(1, Math.min(4, availableParallelism())) }, async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) await check(file);
  });
  await Promise.all(workers);
  assert.deepEqual(failures, []);
});

test('--out writes the file; --format dot writes DOT', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asl-graph-'));
  const out = join(dir, 'seed.svg');
  const r = cli('graph', 'examples/article-review/article-review.asl.json', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const svg = readFileSync(out, 'utf8');
  assert.match(svg, /^<svg [^>]*aria-label="article-review"/);
  assert.ok(svg.includes('>Move To Publish</text>'));
  const dot = cli('graph', 'examples/article-review/article-review.asl.json', '--format=dot');
  assert.equal(dot.code, 0, dot.stderr);
  assert.match(dot.stdout, /^digraph "article-review" \{/);
  assert.ok(dot.stdout.includes('"m/Choice" -> "m/Move%20To%20Publish" [label="$.status == \\"Review\\""];'));
});

test('bad input: unreadable file, unknown format, not JSON, nothing to draw', () => {
  const missing = cli('graph', 'nope.asl.json');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read "nope.asl.json": no such file/);
  const format = cli('graph', 'examples/article-review/article-review.asl.json', '--format', 'png');
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format takes svg, json or dot, not "png"/);
  const none = cli('graph');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no file given/);
  const dir = mkdtempSync(join(tmpdir(), 'asl-graph-'));
  const broken = join(dir, 'broken.asl.json');
  writeFileSync(broken, '{\n  "StartAt": "A",\n  "States": {\n    "A": {"Type": "Pass",, "End": true}\n  }\n}\n');
  const r = cli('graph', broken);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /broken\.asl\.json:4: .*\nNothing drawn: fix the JSON first\./);
  const help = cli('graph', '--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--format svg\|json\|dot/);
});

test('a machine of 2,000 states is drawn in a few seconds, every state named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'asl-graph-'));
  const file = join(dir, 'big.asl.json');
  writeFileSync(file, generateMachine({ states: 2000, seed: 3 }));
  const started = Date.now();
  const r = cli('graph', file, '--format', 'json');
  const ms = Date.now() - started;
  assert.equal(r.code, 0, r.stderr);
  const graph = JSON.parse(r.stdout) as PositionedGraph;
  assert.equal(graph.model.stateCount, 2000);
  assert.deepEqual(geometryProblems(graph), []);
  console.log(`graph --format json of 2,000 states: ${ms} ms (process start included)`);
  assert.ok(ms < 30_000, `${ms} ms`);
});

test("hostile names and long loops: lone surrogates and control characters draw a well-formed SVG; a 2,500-state loop gets the full layout; past the layered layout's limit, rows with a note", () => {
  const dir = mkdtempSync(join(tmpdir(), 'asl-graph-'));
  const odd = join(dir, 'odd.asl.json');
  // "\uD800" is valid JSON; it used to end in "URI malformed" and exit 2.
  writeFileSync(odd, '{"StartAt":"\\uD800","States":{"\\uD800":{"Type":"Pass","Next":"a\\u0001b"},"a\\u0001b":{"Type":"Succeed"}}}');
  const r = cli('graph', odd);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(xmlProblem(r.stdout.trim()), undefined);
  assert.ok(r.stdout.includes('a\u2401b'), 'U+0001 drawn as its control picture');

  const loop = join(dir, 'loop.asl.json');
  const states: Record<string, unknown> = {};
  for (let i = 0; i < 2500; i++) states[`S${i}`] = { Type: 'Pass', Next: `S${(i + 1) % 2500}` };
  writeFileSync(loop, JSON.stringify({ StartAt: 'S0', States: states }));
  const drawn = cli('graph', loop, '--format', 'json');
  assert.equal(drawn.code, 0, drawn.stderr);
  assert.equal(drawn.stderr, '');
  assert.equal((JSON.parse(drawn.stdout) as PositionedGraph).model.stateCount, 2500);

  // A loop is never cut into stretches (blocks.ts), so past MAX_LAYERED_ITEMS boxes it is drawn in rows.
  const longer = join(dir, 'longer.asl.json');
  const n = MAX_LAYERED_ITEMS;
  const more: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) more[`S${i}`] = { Type: 'Pass', Next: `S${(i + 1) % n}` };
  writeFileSync(longer, JSON.stringify({ StartAt: 'S0', States: more }));
  const rows = cli('graph', longer, '--format', 'json');
  assert.equal(rows.code, 0, rows.stderr);
  assert.match(
    rows.stderr,
    new RegExp(
      `^asl-workbench graph: note: State machine: drawn in simple rows, not the full layout: ${n + 1} boxes in one scope \\(more than ${n}\\)`,
    ),
  );
});
