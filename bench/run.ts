/**
 * Validation benchmark: ours against JSON.parse (the floor), jsonc-parser alone, and two peers,
 * on generated machines of 100 to 20,000 states. Prints tables and goals, writes
 * bench/results/validation.json. See bench/README.md.
 *
 * Options: --sizes=100,1000  --tools=json-parse,ours  --no-memory  --cap-seconds=30
 *          --no-engine (skip the dry-run engine benchmark, bench/engine.ts)
 *          --strict (exit 1 when a goal fails)
 *          --node-defaults (run under node's own V8 settings, not the language server's)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateMachine, type GenerateOptions } from '../test/fixtures/generate';
import { analyze } from '../server/src/core/validate';
import { analyzeForEditing, reanalyze } from '../server/src/core/incremental';
import { benchLanguage, languageGoals, printLanguage } from './language';
import { benchEngine } from './engine';
import { runGraphBench } from './graph';
import { kilobytes, megabytes, ms, ratio, table } from './format';
import { measureMemory, type MemoryFigure } from './memory';
import { DEFAULT_TIMING, measure, measureEach, type Timing } from './measure';
import { timePhases, type PhaseFigure } from './rules';
import { TOOLS, toolById, type ToolId } from './tools';
import { SERVER_NODE_FLAGS } from '../protocol/serverFlags';

const ROOT = resolve(__dirname, '../..');
const SEED = 42;

interface Variant {
  id: 'valid' | 'unreachable';
  label: string;
  unreachablePercent: number;
}

const VARIANTS: readonly Variant[] = [
  { id: 'valid', label: 'valid machines', unreachablePercent: 0 },
  { id: 'unreachable', label: 'machines with 5% unreachable states', unreachablePercent: 5 },
];

interface TimingRow extends Partial<Timing> {
  variant: Variant['id'];
  states: number;
  bytes: number;
  tool: ToolId;
  findings?: number;
  skipped?: string;
}

interface EditRow extends Timing {
  states: number;
  /** A full validation of the same text, for comparison. */
  fullMedian: number;
}

interface Goal {
  goal: string;
  pass: boolean;
  detail: string;
}

function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : (arg.split('=')[1] ?? '');
}

const SIZES = (option('sizes') ?? '100,1000,5000,20000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const CAP_MS = Number(option('cap-seconds') ?? 30) * 1000;
const MEMORY = option('no-memory') === undefined;
/** `--tools=json-parse,ours` for a quick look at some tools; all by default. */
const ONLY = option('tools')?.split(',');
const SELECTED = ONLY ? TOOLS.filter((t) => ONLY.includes(t.id)) : TOOLS;

/** Time of one run at `states`, extrapolated from the two previous sizes; 0 with less history. */
function estimate(history: { states: number; ms: number }[], states: number): number {
  if (history.length < 2) return 0;
  const last = history[history.length - 1];
  const prev = history[history.length - 2];
  const exponent = Math.min(2.5, Math.max(1, Math.log(last.ms / prev.ms) / Math.log(last.states / prev.states)));
  return last.ms * (states / last.states) ** exponent;
}

/** Change one digit of a MaxAttempts in the middle of the text: the machine stays valid. */
function editOneCharacter(text: string, digit: string): string {
  const key = '"MaxAttempts": ';
  let at = text.indexOf(key, text.length >> 1);
  if (at < 0) at = text.indexOf(key);
  if (at < 0) throw new Error('generated machine has no MaxAttempts to edit');
  const pos = at + key.length;
  return text.slice(0, pos) + digit + text.slice(pos + 1);
}

async function timeTools(timings: TimingRow[]): Promise<void> {
  // The smallest size at which each tool went over the cap: bigger ones would too.
  const tooSlowFrom = new Map<ToolId, number>();
  for (const variant of VARIANTS) {
    const history = new Map<ToolId, { states: number; ms: number }[]>();
    for (const states of SIZES) {
      const text = generateMachine({ states, unreachablePercent: variant.unreachablePercent, seed: SEED });
      const fns = new Map<ToolId, () => unknown>();
      const findings = new Map<ToolId, number>();
      for (const tool of SELECTED) {
        const row: TimingRow = { variant: variant.id, states, bytes: text.length, tool: tool.id };
        timings.push(row);
        const guess = estimate(history.get(tool.id) ?? [], states);
        if (states >= (tooSlowFrom.get(tool.id) ?? Infinity) || guess > CAP_MS) {
          tooSlowFrom.set(tool.id, Math.min(states, tooSlowFrom.get(tool.id) ?? Infinity));
          row.skipped = 'skipped (too slow)';
          console.log(
            `  ${variant.id} ${states} ${tool.label}: skipped${guess > CAP_MS ? ` (a run would take about ${Math.round(guess / 1000)} s)` : ''}`,
          );
          continue;
        }
        const run = tool.load();
        fns.set(tool.id, () => {
          const result = run(text);
          if (result instanceof Promise) return result.then((n) => void findings.set(tool.id, n));
          findings.set(tool.id, result);
          return undefined;
        });
      }
      const measured = await measureEach(fns, { ...DEFAULT_TIMING, capMs: CAP_MS });
      for (const [id, timing] of measured) {
        const row = timings.find((t) => t.variant === variant.id && t.states === states && t.tool === id)!;
        Object.assign(row, timing, { findings: findings.get(id) });
        const label = `  ${variant.id} ${states} ${toolById(id).label}`;
        if (timing.overCap) {
          tooSlowFrom.set(id, Math.min(states, tooSlowFrom.get(id) ?? Infinity));
          row.skipped = 'skipped (too slow)';
          console.log(`${label}: skipped (too slow: one run took ${Math.round(timing.median / 1000)} s)`);
          continue;
        }
        const past = history.get(id) ?? [];
        past.push({ states, ms: timing.median });
        history.set(id, past);
        console.log(`${label}: ${ms(timing.median)} (${timing.runs} runs, ${row.findings} findings)`);
      }
    }
  }
}

async function timeEdits(edits: EditRow[], timings: TimingRow[]): Promise<void> {
  for (const states of SIZES) {
    const text = generateMachine({ states, seed: SEED });
    // Two edited texts in turn, so nothing can answer from a cache keyed by the text.
    const edited = [editOneCharacter(text, '7'), editOneCharacter(text, '8')];
    let i = 0;
    // As the server does it: each revalidation reuses the previous version's analysis.
    let prev = analyzeForEditing(edited[1]);
    const timing = await measure(
      () => {
        prev = reanalyze(prev, edited[i++ & 1]);
        if (prev.reuse.parse !== 'spliced') throw new Error('the edit benchmark expected a spliced parse');
      },
      { ...DEFAULT_TIMING, capMs: CAP_MS },
    );
    const full = timings.find((t) => t.variant === 'valid' && t.states === states && t.tool === 'ours')?.median ?? NaN;
    edits.push({ states, ...timing, fullMedian: full });
    console.log(`  edit ${states}: ${ms(timing.median)}`);
  }
}

function printTimings(timings: TimingRow[]): void {
  for (const variant of VARIANTS) {
    const rows: string[][] = [];
    const findingRows: string[][] = [];
    for (const states of SIZES) {
      const at = (tool: ToolId) => timings.find((t) => t.variant === variant.id && t.states === states && t.tool === tool);
      const ours = at('ours')?.median;
      const cell = (tool: ToolId) => {
        const t = at(tool);
        return t?.skipped ?? ms(t?.median);
      };
      const per = (tool: ToolId) => (ours && at(tool)?.median ? at(tool)!.median! / ours : undefined);
      rows.push([
        String(states),
        kilobytes(at('ours')?.bytes ?? 0),
        ...SELECTED.map((t) => cell(t.id)),
        ratio(ours && at('json-parse')?.median ? ours / at('json-parse')!.median! : undefined),
        ...SELECTED.filter((t) => t.peer).map((t) => ratio(per(t.id))),
      ]);
      findingRows.push([
        String(states),
        ...SELECTED.filter((t) => t.id === 'ours' || t.peer).map((t) => String(at(t.id)?.findings ?? '-')),
      ]);
    }
    console.log(`\nValidation time, median per run: ${variant.label}`);
    console.log(
      table(
        [
          'states',
          'size',
          ...SELECTED.map((t) => t.label),
          'ours/JSON.parse',
          ...SELECTED.filter((t) => t.peer).map((t) => `${t.id}/ours`),
        ],
        rows,
      ),
    );
    console.log(`\nFindings reported (a check that every tool validated): ${variant.label}`);
    console.log(table(['states', ...SELECTED.filter((t) => t.id === 'ours' || t.peer).map((t) => t.label)], findingRows));
  }
}

function printEdits(edits: EditRow[]): void {
  console.log('\nAfter an edit (one character changed in one state; ours revalidates incrementally, as the server does)');
  console.log(
    table(
      ['states', 'revalidate', 'full validation'],
      edits.map((e) => [String(e.states), ms(e.median), ms(e.fullMedian)]),
    ),
  );
}

interface PhaseRow {
  states: number;
  machine: string;
  figures: PhaseFigure[];
}

/** Valid machines at 5,000 states and up; at the largest size also the unreachable and JSONata variants. */
function timeAllPhases(): PhaseRow[] {
  const rows: PhaseRow[] = [];
  const big = SIZES.filter((n) => n >= 5000);
  const sizes = big.length > 0 ? big : SIZES.slice(-1);
  const largest = sizes[sizes.length - 1];
  const runs: { states: number; machine: string; options: GenerateOptions }[] = sizes.map((states) => ({
    states,
    machine: 'valid',
    options: { states, seed: SEED },
  }));
  runs.push(
    { states: largest, machine: '5% unreachable', options: { states: largest, unreachablePercent: 5, seed: SEED } },
    { states: largest, machine: 'valid, JSONata', options: { states: largest, queryLanguage: 'JSONata', seed: SEED } },
  );
  for (const run of runs) {
    console.log(`  ${run.states} states, ${run.machine}...`);
    rows.push({ states: run.states, machine: run.machine, figures: timePhases(generateMachine(run.options), run.states >= 20000 ? 5 : 9) });
  }
  return rows;
}

function printPhases(phases: PhaseRow[]): void {
  for (const { states, machine, figures } of phases) {
    const total = figures.reduce((s, f) => s + f.medianMs, 0);
    console.log(`\nWhere our time goes at ${states} states, ${machine} machine (medians; sum ${ms(total)})`);
    const sorted = [...figures].sort((a, b) => b.medianMs - a.medianMs);
    console.log(
      table(
        ['phase or rule', 'median', 'share', 'findings'],
        sorted.map((f) => [
          `${f.kind === 'rule' ? 'rule ' : ''}${f.name}`,
          ms(f.medianMs),
          `${((100 * f.medianMs) / total).toFixed(1)}%`,
          f.kind === 'rule' ? String(f.findings) : '',
        ]),
      ),
    );
  }
}

function printMemory(memory: MemoryFigure[]): void {
  console.log('\nPeak memory (RSS of a child process running the tool once; baseline: same modules loaded, same text read, no run)');
  const rows = memory.map((m) => [
    String(m.states),
    TOOLS.find((t) => t.id === m.tool)!.label,
    m.skipped ?? megabytes(m.peakMb),
    m.skipped ? '' : megabytes(m.baselineMb),
    m.skipped ? '' : megabytes(m.deltaMb),
  ]);
  console.log(table(['states', 'tool', 'peak RSS', 'baseline', 'delta'], rows));
}

function goals(timings: TimingRow[], memory: MemoryFigure[]): Goal[] {
  const out: Goal[] = [];
  const at = (variant: string, states: number, tool: ToolId) =>
    timings.find((t) => t.variant === variant && t.states === states && t.tool === tool);
  const parseRatios = timings
    .filter((t) => t.tool === 'ours' && t.median !== undefined)
    .map((t) => ({ t, r: t.median! / (at(t.variant, t.states, 'json-parse')?.median ?? NaN) }));
  if (parseRatios.length > 0) {
    const worst = parseRatios.reduce((a, b) => (b.r > a.r ? b : a));
    out.push({
      goal: 'ours within 10x JSON.parse at every size',
      pass: parseRatios.every((x) => x.r <= 10),
      detail:
        parseRatios.map((x) => `${x.t.states}${x.t.variant === 'unreachable' ? 'u' : ''}: ${ratio(x.r)}`).join(', ') +
        ` (worst ${ratio(worst.r)})`,
    });
  }
  const ls = at('valid', 5000, 'asl-ls');
  const ours5k = at('valid', 5000, 'ours');
  if (ls && ours5k?.median !== undefined) {
    const r = ls.median !== undefined ? ls.median / ours5k.median : undefined;
    out.push({
      goal: '>= 20x faster than amazon-states-language-service at 5,000 states',
      pass: r !== undefined && r >= 20,
      detail: r === undefined ? (ls.skipped ?? 'not measured') : `${ratio(r)} (${ms(ls.median)} vs ${ms(ours5k.median)})`,
    });
  }
  const big = timings.filter((t) => t.tool === 'ours' && t.states === 20000 && t.median !== undefined);
  if (big.length > 0) {
    out.push({
      goal: '20,000 states validated in < 1 s',
      pass: big.every((t) => t.median! < 1000),
      detail: big.map((t) => `${t.variant}: ${ms(t.median)}`).join(', '),
    });
  }
  const mem = memory.find((m) => m.tool === 'ours' && m.states === 5000);
  if (mem?.peakMb !== undefined) {
    out.push({
      goal: 'peak memory < 150 MB at 5,000 states',
      pass: mem.peakMb < 150,
      detail: `peak RSS ${megabytes(mem.peakMb)} (baseline ${megabytes(mem.baselineMb)}, delta ${megabytes(mem.deltaMb)})`,
    });
  }
  return out;
}

/**
 * The generated machines must be what the figures claim: valid ones draw no finding, the variant
 * only unreachable-state, one per unreachable state. Rules keep being added; a rule that
 * disagrees with the generator shows up here rather than as a silently different workload.
 */
function checkGenerator(): string[] {
  const problems: string[] = [];
  for (const states of SIZES) {
    const cases: { label: string; options: GenerateOptions; expected: number }[] = [
      { label: 'valid', options: { states, seed: SEED }, expected: 0 },
      { label: 'valid JSONata', options: { states, seed: SEED, queryLanguage: 'JSONata' }, expected: 0 },
      { label: '5% unreachable', options: { states, seed: SEED, unreachablePercent: 5 }, expected: Math.round(states * 0.05) },
    ];
    for (const c of cases) {
      const diagnostics = analyze(generateMachine(c.options)).diagnostics;
      const unexpected = diagnostics.filter((d) => d.code !== 'unreachable-state' || c.expected === 0);
      for (const d of unexpected.slice(0, 3)) problems.push(`${states} ${c.label}: line ${d.range.start.line + 1} ${d.code}: ${d.message}`);
      if (unexpected.length > 3) problems.push(`${states} ${c.label}: ... ${unexpected.length - 3} more unexpected findings`);
      const unreachable = diagnostics.length - unexpected.length;
      if (c.expected > 0 && unreachable !== c.expected)
        problems.push(`${states} ${c.label}: ${unreachable} unreachable-state findings, expected ${c.expected}`);
    }
  }
  return problems;
}

/**
 * Everything is measured under the V8 flags the language server runs with (protocol/serverFlags.ts),
 * peers included, so the figures are what users get; `--node-defaults` measures without them.
 * Flags of this kind only take effect at start-up, so the benchmark starts itself again with them.
 */
const V8_FLAGS: readonly string[] = option('node-defaults') === undefined ? SERVER_NODE_FLAGS : [];

function restartedWithFlags(): boolean {
  if (V8_FLAGS.every((f) => process.execArgv.includes(f))) return false;
  const r = spawnSync(process.execPath, [...V8_FLAGS, ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  if (restartedWithFlags()) return;
  const started = Date.now();
  console.log(
    `ASL Workbench validation benchmark: ${SIZES.join(', ')} states, node ${process.version}, ${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}`,
  );
  console.log(
    `V8 flags: ${V8_FLAGS.length > 0 ? `${V8_FLAGS.join(' ')} (the language server's, for every tool and child process)` : "node's defaults (--node-defaults)"}`,
  );
  const timings: TimingRow[] = [];
  const edits: EditRow[] = [];
  const memory: MemoryFigure[] = [];

  const generatorProblems = checkGenerator();
  if (generatorProblems.length === 0)
    console.log('Generated machines checked: valid ones draw no finding, the variant only its unreachable states.');
  else console.log(`WARNING: the generated machines are not what the figures assume:\n  ${generatorProblems.join('\n  ')}`);

  console.log('\nTiming (in process, side by side):');
  await timeTools(timings);
  console.log('\nTiming a revalidation after an edit:');
  await timeEdits(edits, timings);

  console.log('\nTiming phases and rules:');
  const phases = timeAllPhases();

  if (MEMORY) {
    console.log('\nPeak memory (one child process per tool and size):');
    const dir = mkdtempSync(join(tmpdir(), 'asl-bench-'));
    try {
      for (const states of SIZES) {
        const file = join(dir, `machine-${states}.asl.json`);
        writeFileSync(file, generateMachine({ states, seed: SEED }));
        for (const tool of SELECTED) {
          const timed = timings.find((t) => t.variant === 'valid' && t.states === states && t.tool === tool.id);
          const figure: MemoryFigure = timed?.skipped
            ? { tool: tool.id, states, skipped: timed.skipped }
            : await measureMemory(tool.id, states, file, CAP_MS + 30_000);
          memory.push(figure);
          console.log(`  ${states} ${tool.label}: ${figure.skipped ?? `${megabytes(figure.peakMb)} (delta ${megabytes(figure.deltaMb)})`}`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  console.log('\nTiming completion and hover on an already-parsed document:');
  const language = await benchLanguage(SIZES.filter((n) => n === 1000 || n === 5000));

  printTimings(timings);
  printEdits(edits);
  printLanguage(language);
  printPhases(phases);
  if (MEMORY) printMemory(memory);
  // The dry-run engine against aws-local-stepfunctions: prints its own tables, writes bench/results/engine.json.
  const engine = option('no-engine') === undefined ? await benchEngine({ memory: MEMORY }) : undefined;
  // The graph: model + layout + SVG of 100, 500 and 2,000 states.
  console.log('\nGraph layout and render:');
  const graph = option('no-graph') === undefined ? await runGraphBench({ sizes: [100, 500, 2000] }) : undefined;
  const results = [...goals(timings, memory), ...languageGoals(language), ...(engine?.goals ?? []), ...(graph?.goals ?? [])];
  console.log('\nGoals');
  for (const g of results) console.log(`  [${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.detail}`);

  const outDir = join(ROOT, 'bench', 'results');
  mkdirSync(outDir, { recursive: true });
  const outFile = join(outDir, 'validation.json');
  const report = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    v8Flags: V8_FLAGS,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: cpus()[0]?.model, count: cpus().length },
    seed: SEED,
    sizes: SIZES,
    capSeconds: CAP_MS / 1000,
    timings,
    edits,
    language,
    graph: graph?.rows,
    phases,
    memory,
    goals: results,
    generatorProblems,
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nWrote ${outFile} (${report.durationSeconds} s in all)`);
  if (option('strict') !== undefined && results.some((g) => !g.pass)) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
