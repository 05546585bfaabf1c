/**
 * Dry-run benchmark: our engine (server/src/core/engine) against aws-local-stepfunctions 3.0.0 in
 * the same process and run, on a 10,000-iteration Pass/Choice loop, 10,000 small executions of one
 * machine, and inline Maps over 1,000 and 10,000 items. Checks first that both tools compute the
 * same outputs, then times each workload (in process, one tool after the other), measures peak
 * memory (one child process per tool and workload), prints tables and goals, and writes
 * bench/results/engine.json. See bench/README.md.
 *
 * Options: --workloads=loop,small  --no-memory  --memory-runs=3  --strict (exit 1 when a goal fails)
 * Run: npm run bench:engine (or, after npm run compile-tests, node out/bench/engine.js)
 */
import { execFile } from 'node:child_process';
import { v8Flags } from './memory';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { EngineChildReport } from './engine-child';
import {
  contestant,
  ENGINE_TOOLS,
  SMALL_EXECUTIONS,
  WORKLOAD_IDS,
  workload,
  type Contestant,
  type EngineToolId,
  type Workload,
  type WorkloadId,
} from './engine-workloads';
import { megabytes, ms, ratio, table } from './format';
import { DEFAULT_TIMING, measureEach, median, type Timing } from './measure';

const ROOT = resolve(__dirname, '../..');
const CHILD = join(__dirname, 'engine-child.js');
const PEER = 'aws-local-stepfunctions';
const LOOP_GOAL = 5;
const SMALL_GOAL = 3;
const MAP_MEMORY_GOAL_MB = 200;

export interface EngineOptions {
  workloads?: readonly WorkloadId[];
  /** Peak memory in child processes (default true). */
  memory?: boolean;
  /** Child processes per tool and workload; the median peak is reported (default 3). */
  memoryRuns?: number;
  /** Where to write the JSON report; default bench/results/engine.json. */
  outFile?: string;
}

export interface EngineGoal {
  goal: string;
  pass: boolean;
  detail: string;
}

export interface EngineMemory {
  /** Median peak RSS of the children that ran one batch, in MB, with the lowest and highest. */
  peakMb: number;
  peakMinMb: number;
  peakMaxMb: number;
  /** Median peak RSS of children that built the machine and the inputs but ran nothing. */
  baselineMb: number;
  deltaMb: number;
  /** Median time of that one cold batch in a fresh process. */
  coldRunMs: number;
  /** Median time of the process's first construction (prepare / new StateMachine). */
  coldConstructMs: number;
  runs: number;
  correct: boolean;
}

export interface EngineToolFigures {
  timing: Timing;
  /** What one batch does, per second of the median: states entered (all workloads) and executions. */
  statesPerSecond: number;
  microsecondsPerExecution: number;
  /** Events one execution recorded, and states entered, counted from the tool's own events. */
  events: number;
  statesEntered: number;
  memory?: EngineMemory | { skipped: string };
}

export interface EngineWorkloadFigures {
  id: WorkloadId;
  label: string;
  executionsPerBatch: number;
  statesPerExecution: number;
  /** Our history limit for the workload: AWS's 25,000 unless the workload needs more. */
  oursMaxEvents: number | 'Infinity';
  tools: Record<EngineToolId, EngineToolFigures>;
  /** Theirs median / ours median: how many times faster we are. */
  speedup: number;
  notes: string[];
}

export interface EngineConstruction {
  machine: WorkloadId;
  tools: Record<EngineToolId, Timing>;
}

export interface EngineReport {
  generatedAt: string;
  node: string;
  platform: string;
  cpu: { model?: string; count: number };
  loadAverage: { start: number[]; end: number[] };
  peer: { name: string; version: string; note: string };
  construction: EngineConstruction[];
  workloads: EngineWorkloadFigures[];
  goals: EngineGoal[];
  durationSeconds: number;
}

const TOOL_LABEL: Record<EngineToolId, string> = { ours: 'ours', [PEER]: PEER };

function peerVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', PEER, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const loads = (): number[] => loadavg().map((l) => Math.round(l * 100) / 100);

function us(value: number): string {
  return value < 10 ? `${value.toFixed(2)} us` : value < 100 ? `${value.toFixed(1)} us` : `${Math.round(value)} us`;
}

function perSecond(value: number): string {
  return value >= 1e6 ? `${(value / 1e6).toFixed(2)} M` : value >= 1e3 ? `${Math.round(value / 1e3)}k` : String(Math.round(value));
}

function preview(value: unknown): string {
  const s = JSON.stringify(value);
  return s.length > 70 ? `${s.slice(0, 67)}...` : s;
}

/** The outputs must agree before any figure means anything: a faster wrong answer is no win. */
async function verify(
  w: Workload,
  tools: Record<EngineToolId, Contestant>,
): Promise<Record<EngineToolId, { events: number; statesEntered: number }>> {
  const counts = {} as Record<EngineToolId, { events: number; statesEntered: number }>;
  const outputs = {} as Record<EngineToolId, unknown[]>;
  for (const tool of ENGINE_TOOLS) {
    outputs[tool] = await tools[tool].batch();
    if (!isDeepStrictEqual(outputs[tool], w.expected)) {
      const at = outputs[tool].findIndex((o, i) => !isDeepStrictEqual(o, w.expected[i]));
      throw new Error(
        `${tool} computed a wrong result on ${w.id} (execution ${at}): ${preview(outputs[tool][at])}, expected ${preview(w.expected[at])}`,
      );
    }
    const counted = await tools[tool].countStates();
    if (!isDeepStrictEqual(counted.output, w.expected[0]))
      throw new Error(`${tool}: the counted run of ${w.id} computed ${preview(counted.output)}`);
    counts[tool] = { events: counted.events, statesEntered: counted.statesEntered };
  }
  if (!isDeepStrictEqual(outputs.ours, outputs[PEER])) throw new Error(`the tools disagree on ${w.id}`);
  const entered = ENGINE_TOOLS.map((t) => `${t} ${counts[t].statesEntered}`).join(', ');
  console.log(
    `  ${w.id}: ${w.inputs.length} output(s) equal and as expected (${preview(w.expected[0])}${w.inputs.length > 1 ? ', ...' : ''}); states entered per execution: ${entered} (expected ${w.statesPerExecution})`,
  );
  for (const tool of ENGINE_TOOLS) {
    if (counts[tool].statesEntered !== w.statesPerExecution) {
      console.log(`  WARNING: ${tool}'s events show ${counts[tool].statesEntered} states entered on ${w.id}, not ${w.statesPerExecution}`);
    }
  }
  return counts;
}

function child(mode: 'run' | 'idle', tool: EngineToolId, id: WorkloadId): Promise<EngineChildReport> {
  return new Promise((resolvePromise, reject) => {
    execFile(process.execPath, [...v8Flags(), CHILD, mode, tool, id], { timeout: 300_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(err.killed ? 'timed out' : `${err.message}\n${stderr}`));
      else resolvePromise(JSON.parse(stdout) as EngineChildReport);
    });
  });
}

const mb = (kb: number): number => Math.round((kb / 1024) * 10) / 10;

/** Children run one after the other (never two at once: they would share the CPUs). */
async function measureMemory(tool: EngineToolId, id: WorkloadId, runs: number): Promise<EngineMemory | { skipped: string }> {
  try {
    const idle: EngineChildReport[] = [];
    const ran: EngineChildReport[] = [];
    for (let i = 0; i < runs; i++) {
      idle.push(await child('idle', tool, id));
      ran.push(await child('run', tool, id));
    }
    const peaks = ran.map((r) => mb(r.maxRssKb));
    const peakMb = median(peaks);
    const baselineMb = median(idle.map((r) => mb(r.maxRssKb)));
    return {
      peakMb,
      peakMinMb: Math.min(...peaks),
      peakMaxMb: Math.max(...peaks),
      baselineMb,
      deltaMb: Math.round((peakMb - baselineMb) * 10) / 10,
      coldRunMs: median(ran.map((r) => r.runMs)),
      coldConstructMs: median([...idle, ...ran].map((r) => r.constructMs)),
      runs,
      correct: ran.every((r) => r.correct),
    };
  } catch (err) {
    return { skipped: (err as Error).message.split('\n')[0] };
  }
}

function hasMemory(m: EngineToolFigures['memory']): m is EngineMemory {
  return m !== undefined && !('skipped' in m);
}

function notesFor(w: Workload, counts: Record<EngineToolId, { events: number }>): string[] {
  const notes: string[] = [];
  if (w.maxEvents === Infinity) {
    notes.push(
      `ours runs ${w.id} with maxEvents: Infinity: one execution records ${counts.ours.events.toLocaleString('en-US')} history events, over AWS's limit of 25,000, which ours enforces by default (AWS would fail this execution${w.id.startsWith('map') ? ": an inline Map's iterations count in the execution's history" : ''}); ${PEER} has no such limit.`,
    );
  }
  if (w.id.startsWith('map'))
    notes.push(`items are 1..n, not 0..n-1: ${PEER} fails "n.$": "$" on an item of 0 ("Path expression '$' does not point to a value").`);
  return notes;
}

export async function benchEngine(options: EngineOptions = {}): Promise<EngineReport> {
  const started = Date.now();
  const ids = options.workloads ?? WORKLOAD_IDS;
  const memoryRuns = Math.max(1, options.memoryRuns ?? 3);
  const loadStart = loads();
  const version = peerVersion();
  console.log(
    `Dry-run engine: ours against ${PEER} ${version} (Promise.withResolvers polyfilled on Node 20), node ${process.version}, ` +
      `${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}, load average ${loadStart.join(' ')}`,
  );

  const workloads = ids.map(workload);
  const contestants = new Map<WorkloadId, Record<EngineToolId, Contestant>>();
  const counts = new Map<WorkloadId, Record<EngineToolId, { events: number; statesEntered: number }>>();
  console.log('\nChecking that both tools compute the same results (each machine built once here, then only run):');
  for (const w of workloads) {
    const tools = { ours: contestant('ours', w), [PEER]: contestant(PEER, w) } as Record<EngineToolId, Contestant>;
    for (const tool of ENGINE_TOOLS) tools[tool].construct();
    contestants.set(w.id, tools);
    counts.set(w.id, await verify(w, tools));
  }

  console.log('\nTiming machine construction (ours: prepare(text); theirs: new StateMachine(JSON.parse(text)), which validates):');
  const construction: EngineConstruction[] = [];
  for (const w of workloads.filter((x) => x.id !== 'map-10000' || !ids.includes('map-1000'))) {
    const fresh = { ours: contestant('ours', w), [PEER]: contestant(PEER, w) } as Record<EngineToolId, Contestant>;
    const timed = await measureEach(new Map(ENGINE_TOOLS.map((t) => [t, () => fresh[t].construct()] as const)), DEFAULT_TIMING);
    construction.push({ machine: w.id, tools: Object.fromEntries(timed) as Record<EngineToolId, Timing> });
    console.log(`  ${w.id}: ${ENGINE_TOOLS.map((t) => `${t} ${ms(timed.get(t)!.median)}`).join(', ')}`);
  }

  console.log('\nTiming the workloads (in process; each tool warmed up, then run alone; medians):');
  const figures: EngineWorkloadFigures[] = [];
  for (const w of workloads) {
    const tools = contestants.get(w.id)!;
    const timed = await measureEach(new Map(ENGINE_TOOLS.map((t) => [t, () => tools[t].batch()] as const)), DEFAULT_TIMING);
    const per = {} as Record<EngineToolId, EngineToolFigures>;
    for (const t of ENGINE_TOOLS) {
      const timing = timed.get(t)!;
      per[t] = {
        timing,
        statesPerSecond: (w.statesPerExecution * w.inputs.length) / (timing.median / 1000),
        microsecondsPerExecution: (timing.median * 1000) / w.inputs.length,
        ...counts.get(w.id)![t],
      };
      console.log(`  ${w.id} ${t}: ${ms(timing.median)} (${timing.runs} runs, ${ms(timing.min)}-${ms(timing.max)})`);
    }
    figures.push({
      id: w.id,
      label: w.label,
      executionsPerBatch: w.inputs.length,
      statesPerExecution: w.statesPerExecution,
      oursMaxEvents: w.maxEvents === Infinity ? 'Infinity' : (w.maxEvents ?? 25_000),
      tools: per,
      speedup: per[PEER].timing.median / per.ours.timing.median,
      notes: notesFor(w, counts.get(w.id)!),
    });
  }
  // Nothing of the peer's is needed any more: let go of its machines before the children run.
  contestants.clear();

  if (options.memory !== false) {
    console.log(
      `\nPeak memory (child processes, one at a time: ${memoryRuns} running one batch and ${memoryRuns} idle per tool and workload):`,
    );
    for (const f of figures) {
      for (const t of ENGINE_TOOLS) {
        const m = await measureMemory(t, f.id, memoryRuns);
        f.tools[t].memory = m;
        console.log(
          `  ${f.id} ${t}: ${hasMemory(m) ? `${megabytes(m.peakMb)} (delta ${megabytes(m.deltaMb)}, cold run ${ms(m.coldRunMs)})${m.correct ? '' : ' WRONG OUTPUT'}` : m.skipped}`,
        );
      }
    }
  }

  const report: EngineReport = {
    generatedAt: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: { model: cpus()[0]?.model, count: cpus().length },
    loadAverage: { start: loadStart, end: loads() },
    peer: {
      name: PEER,
      version,
      note: 'Promise.withResolvers polyfilled (bench/engine-peer.ts): the package calls it and Node 20 lacks it',
    },
    construction,
    workloads: figures,
    goals: engineGoals(figures),
    durationSeconds: Math.round((Date.now() - started) / 1000),
  };
  printEngine(report);
  const outFile = options.outFile ?? join(ROOT, 'bench', 'results', 'engine.json');
  mkdirSync(resolve(outFile, '..'), { recursive: true });
  writeFileSync(outFile, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nWrote ${outFile} (${report.durationSeconds} s; load average at the end ${report.loadAverage.end.join(' ')})`);
  return report;
}

function engineGoals(figures: EngineWorkloadFigures[]): EngineGoal[] {
  const out: EngineGoal[] = [];
  const at = (id: WorkloadId) => figures.find((f) => f.id === id);
  const loop = at('loop');
  if (loop) {
    out.push({
      goal: `>= ${LOOP_GOAL}x ${PEER}' throughput in the 10,000-iteration loop`,
      pass: loop.speedup >= LOOP_GOAL,
      detail: `${ratio(loop.speedup)}: ours ${perSecond(loop.tools.ours.statesPerSecond)} states/s, theirs ${perSecond(loop.tools[PEER].statesPerSecond)} states/s`,
    });
  }
  const small = at('small');
  if (small) {
    out.push({
      goal: `>= ${SMALL_GOAL}x ${PEER}' throughput on ${SMALL_EXECUTIONS.toLocaleString('en-US')} small executions`,
      pass: small.speedup >= SMALL_GOAL,
      detail: `${ratio(small.speedup)}: ours ${us(small.tools.ours.microsecondsPerExecution)}, theirs ${us(small.tools[PEER].microsecondsPerExecution)} per execution`,
    });
  }
  const map = at('map-10000');
  const mem = map?.tools.ours.memory;
  if (map && mem) {
    const theirs = map.tools[PEER].memory;
    out.push({
      goal: `Map over 10,000 items under ${MAP_MEMORY_GOAL_MB} MB peak memory`,
      pass: hasMemory(mem) && mem.peakMb < MAP_MEMORY_GOAL_MB,
      detail: hasMemory(mem)
        ? `ours peak RSS ${megabytes(mem.peakMb)} (baseline ${megabytes(mem.baselineMb)}, delta ${megabytes(mem.deltaMb)}); theirs ${hasMemory(theirs) ? megabytes(theirs.peakMb) : '-'}`
        : `not measured: ${mem.skipped}`,
    });
  }
  return out;
}

function rateCell(f: EngineWorkloadFigures, t: EngineToolId): string {
  const x = f.tools[t];
  if (f.id === 'loop') return `${perSecond(x.statesPerSecond)} states/s`;
  if (f.id === 'small') return `${us(x.microsecondsPerExecution)}/execution`;
  return `${perSecond(x.statesPerSecond)} states/s`;
}

function memoryCells(m: EngineToolFigures['memory']): string[] {
  if (m === undefined) return ['-', '-', '-', '-'];
  if (!hasMemory(m)) return [m.skipped, '', '', ''];
  const range = m.runs > 1 ? ` (${m.peakMinMb.toFixed(0)}-${m.peakMaxMb.toFixed(0)})` : '';
  return [`${megabytes(m.peakMb)}${range}`, megabytes(m.baselineMb), megabytes(m.deltaMb), ms(m.coldRunMs)];
}

export function printEngine(report: EngineReport): void {
  console.log('\nMachine construction, median (warm, in process) and the first in a fresh process (cold, median over the children)');
  const cold = (id: WorkloadId, t: EngineToolId): number | undefined => {
    const m = report.workloads.find((f) => f.id === id)?.tools[t].memory;
    return hasMemory(m) ? m.coldConstructMs : undefined;
  };
  console.log(
    table(
      ['machine', 'ours', PEER, `${PEER}/ours`, 'ours cold', `${PEER} cold`],
      report.construction.map((c) => [
        c.machine,
        ms(c.tools.ours.median),
        ms(c.tools[PEER].median),
        ratio(c.tools[PEER].median / c.tools.ours.median),
        ms(cold(c.machine, 'ours')),
        ms(cold(c.machine, PEER)),
      ]),
    ),
  );

  console.log('\nWorkloads: median time per batch (min-max, runs), throughput; peak RSS of a child process running one batch');
  const rows: string[][] = [];
  for (const f of report.workloads) {
    for (const t of ENGINE_TOOLS) {
      const x = f.tools[t];
      rows.push([
        t === 'ours' ? f.id : '',
        TOOL_LABEL[t],
        ms(x.timing.median),
        `${ms(x.timing.min)}-${ms(x.timing.max)}`,
        String(x.timing.runs),
        rateCell(f, t),
        ...memoryCells(x.memory),
      ]);
    }
  }
  console.log(
    table(['workload', 'tool', 'median', 'min-max', 'runs', 'throughput', 'peak RSS (min-max)', 'baseline', 'delta', 'cold run'], rows),
  );

  console.log(`\nOurs against ${PEER} (time: theirs / ours, higher is better; memory: their peak / ours)`);
  console.log(
    table(
      ['workload', 'batch', 'speed-up', 'peak memory'],
      report.workloads.map((f) => {
        const o = f.tools.ours.memory;
        const p = f.tools[PEER].memory;
        const batch =
          f.executionsPerBatch > 1
            ? `${f.executionsPerBatch.toLocaleString('en-US')} executions x ${f.statesPerExecution} states`
            : `1 execution, ${f.statesPerExecution.toLocaleString('en-US')} states`;
        return [f.label, batch, ratio(f.speedup), hasMemory(o) && hasMemory(p) ? ratio(p.peakMb / o.peakMb) : '-'];
      }),
    ),
  );
  const notes = [...new Set(report.workloads.flatMap((f) => f.notes))];
  notes.push(
    `small executions: one machine prepared (ours) or constructed (theirs) once, then run ${SMALL_EXECUTIONS.toLocaleString('en-US')} times per batch, one after the other; the Task answers a constant from each tool's in-process mock (our TaskInvoker, their taskResourceLocalHandlers).`,
  );
  notes.push('a busy machine makes every figure noisy: compare ratios from one run, and re-run before trusting a difference under 20%.');
  console.log('\nNotes');
  for (const n of notes) console.log(`  - ${n}`);
}

export function printEngineGoals(goals: readonly EngineGoal[]): void {
  console.log('\nGoals');
  for (const g of goals) console.log(`  [${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.detail}`);
}

function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : (arg.split('=')[1] ?? '');
}

async function main(): Promise<void> {
  const only = option('workloads')?.split(',');
  const unknown = only?.filter((id) => !WORKLOAD_IDS.includes(id as WorkloadId)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown workload(s): ${unknown.join(', ')}; choose from ${WORKLOAD_IDS.join(', ')}`);
    process.exit(2);
  }
  const report = await benchEngine({
    workloads: only as WorkloadId[] | undefined,
    memory: option('no-memory') === undefined,
    memoryRuns: option('memory-runs') === undefined ? undefined : Number(option('memory-runs')),
  });
  printEngineGoals(report.goals);
  if (option('strict') !== undefined && report.goals.some((g) => !g.pass)) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
