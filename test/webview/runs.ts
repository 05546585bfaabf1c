/** Real dry runs for the browser tests: the engine, the examples' mock files and local handlers. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from '../../server/src/core';
import { prepare, run } from '../../server/src/core/engine';
import { ProcessHandlerRunner } from '../../server/src/node/handlers';
import { createTaskInvoker, definitionInfo, loadMockFile, machineNameOf } from '../../server/src/core/engine/mocks';
import { computeCoverage } from '../../server/src/core/coverage';
import type { ExecutionResult } from '../../server/src/core/engine/types';
import { graphOf, type PositionedGraph } from '../../server/src/core/graph';
import { coverageRanges } from '../../server/src/lsp/coverageRanges';
import type { CoverageRange } from '../../protocol/testing';
import { ROOT } from './page';

export function graphOfFile(relative: string): PositionedGraph {
  return graphOf(analyze(readFileSync(join(ROOT, relative), 'utf8')));
}

/** The graph of `file` (relative to the repo), and the coverage of `runs` on it as the server sends it (lsp/testing.ts). */
export function coverageOf(file: string, runs: ExecutionResult[], machine = 'm'): { graph: PositionedGraph; items: CoverageRange[] } {
  const analysis = analyze(readFileSync(join(ROOT, file), 'utf8'));
  const cov = computeCoverage(analysis.machine, runs, machine);
  return { graph: graphOf(analysis), items: coverageRanges(cov.items, (offset, length) => analysis.doc.lines.rangeOf(offset, length)) };
}

/** Runs `machine` (relative to the repo) with its mock file's test case, as the server does for the panel. */
export async function runTestCase(machine: string, mocks: string, testCase: string): Promise<ExecutionResult> {
  return runTestCaseText(machine, readFileSync(join(ROOT, mocks), 'utf8'), mocks, testCase);
}

/** The same with the mock file's text given (`mocks`: where it would be, for its local handlers). */
export async function runTestCaseText(machine: string, mocksText: string, mocks: string, testCase: string): Promise<ExecutionResult> {
  const analysis = analyze(readFileSync(join(ROOT, machine), 'utf8'));
  const name = machineNameOf(machine);
  const info = definitionInfo(analysis.machine, name);
  const loaded = loadMockFile(mocksText, info);
  const tc = loaded.config.stateMachines.get(name)?.testCases.get(testCase);
  if (!tc) throw new Error(`no test case ${testCase} in ${mocks}`);
  const runner = new ProcessHandlerRunner({ baseDir: dirname(join(ROOT, mocks)), workerPath: join(ROOT, 'dist', 'handler-worker.js') });
  try {
    const invoker = createTaskInvoker({ config: loaded.config, testCase: tc, runner, definition: info });
    return await run(prepare(analysis), { input: tc.test.input?.value ?? {}, invoker, stateMachineName: name, executionName: testCase });
  } finally {
    await runner.dispose();
  }
}

/** Runs a machine whose Tasks answer with their input (no mocks needed). */
export async function runEcho(machine: string, input: unknown): Promise<ExecutionResult> {
  const analysis = analyze(readFileSync(join(ROOT, machine), 'utf8'));
  const config = { stateMachines: new Map(), responses: new Map(), handlers: new Map() };
  const invoker = createTaskInvoker({ config, echoUnmocked: true, definition: definitionInfo(analysis.machine, 'm') });
  return run(prepare(analysis), { input, invoker });
}

/** Runs a definition given as text, with no mocks. */
export async function runText(text: string, input: unknown): Promise<ExecutionResult> {
  const analysis = analyze(text);
  const config = { stateMachines: new Map(), responses: new Map(), handlers: new Map() };
  const invoker = createTaskInvoker({ config, definition: definitionInfo(analysis.machine, 'm') });
  return run(prepare(analysis), { input, invoker });
}
