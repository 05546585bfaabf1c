/**
 * The Testing view's request (protocol/testing.ts): runs test cases of a machine in the dry-run
 * worker, as the panel's runs and `asl-workbench test` do, and judges each with the verdict the CLI
 * uses; with coverage, h8's coverage core over those runs, its items as ranges of the definition.
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { analyzeText, syntaxOfPath, type Analysis } from '../core';
import { computeCoverage } from '../core/coverage';
import { DEFAULT_HANDLER_TIMEOUT_MS, definitionInfo, loadMockFile } from '../core/engine/mocks';
import type { ExecutionResult } from '../core/engine/types';
import { blockingErrors } from '../core/mockfile';
import { judge } from '../core/testing/verdict';
import { LineIndex } from '../core/text';
import { DryRunner } from '../dryRun/isolated';
import { timeLimitMs } from '../dryRun/limits';
import { TEST_REQUEST, type TestCaseOutcome, type TestParams, type TestResult } from '../../../protocol/testing';
import { coverageRanges } from './coverageRanges';
import { validationOptions, type Settings } from './settings';
import { templateMachineInText } from './templates';

const MAX_TEXT = 50_000_000;
const MAX_CASES = 10_000;

export function registerTestRequests(connection: Connection, settings: () => Settings): void {
  const runner = new DryRunner({ onOutput: (text) => connection.console.log(`Test worker: ${text}`) });

  connection.onRequest(TEST_REQUEST, async (params: TestParams): Promise<TestResult | ResponseError<void>> => {
    const bad = paramsProblem(params);
    if (bad) return new ResponseError(ErrorCodes.InvalidParams, `Test: ${bad}`);
    let validation = validationOptions(settings());
    let syntax = syntaxOfPath(params.definition.uri);
    let definition = params.definition.text;
    let analysis: Analysis;
    // A template's machine: its definition as the Dry run lens runs it; its findings' and coverage's offsets mapped to the template.
    let toHost = (offset: number, length: number) => ({ offset, length });
    let lines = (a: Analysis) => a.doc.lines;
    if (params.templateMachine !== undefined) {
      const e = templateMachineInText(params.definition.uri, params.definition.text, params.templateMachine, validation);
      if (typeof e === 'string') return { ok: false, reason: e };
      analysis = e.analysis!;
      definition = e.definitionText;
      syntax = 'json';
      if (e.machine.machineType) validation = { ...validation, machineType: e.machine.machineType };
      toHost = (offset, length) => e.toHost(offset, length);
      const hostLines = new LineIndex(params.definition.text);
      lines = () => hostLines;
    } else analysis = analyzeText(definition, syntax, validation);
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      return {
        ok: false,
        reason: `The definition has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} before running (line ${errors[0].range.start.line + 1}: ${errors[0].message})`,
      };
    }
    const info = definitionInfo(analysis.machine, params.machine);
    const loaded = loadMockFile(params.mocks.text, info);
    if (loaded.config.handlers.size > 0 && !params.allowHandlers) {
      return {
        ok: false,
        untrusted: true,
        reason: `${params.mocks.path} runs local handler code (LocalHandlers), and this workspace is not trusted, so nothing was run. Trust the workspace to run it.`,
      };
    }
    const cases = loaded.config.stateMachines.get(params.machine)?.testCases;
    const { dryRun } = settings();
    const limits = { timeLimitMs: timeLimitMs(dryRun.timeLimitSeconds, DEFAULT_HANDLER_TIMEOUT_MS), memoryLimitMb: dryRun.memoryLimitMb };
    const outcomes: TestCaseOutcome[] = [];
    const results: ExecutionResult[] = [];
    for (const name of params.testCases) {
      const testCase = cases?.get(name);
      if (!testCase) return { ok: false, reason: `${params.mocks.path} has no test case "${name}" for "${params.machine}".` };
      // As `asl-workbench test`: a case whose own mocks have errors fails without running; the others run.
      const broken = blockingErrors(params.mocks.text, loaded.diagnostics, params.machine, name);
      if (broken.length > 0) {
        const failures = broken.map((d) => `not run: line ${d.range.start.line + 1}: ${d.message}`);
        outcomes.push({ testCase: name, verdict: { passed: false, failures }, millis: 0 });
        continue;
      }
      const started = Date.now();
      const answer = await runner.run(
        {
          definition,
          syntax,
          validation,
          machineName: params.machine,
          mocks: params.mocks,
          testCase: name,
          input: testCase.test.input ? testCase.test.input.value : {},
          handlerTimeoutMs: DEFAULT_HANDLER_TIMEOUT_MS,
          allowHandlers: params.allowHandlers,
          wallTimeMs: limits.timeLimitMs,
        },
        limits,
      );
      if (!answer.ok) return { ok: false, reason: `Test case "${name}": ${answer.reason}` };
      const verdict = judge(testCase.test, answer.result);
      results.push(answer.result);
      const state = verdict.divergedAt !== undefined ? analysis.machine.states.find((s) => s.name === verdict.divergedAt) : undefined;
      const divergedRange = state ? rangeOfNode(analysis, state.keyNode, toHost, lines(analysis)) : undefined;
      outcomes.push({ testCase: name, result: answer.result, verdict, divergedRange, millis: Date.now() - started });
    }
    if (!params.coverage) return { ok: true, outcomes };
    const coverage = computeCoverage(analysis.machine, results, params.machine, params.definition.uri);
    const hostRange = (offset: number, length: number) => {
      const h = toHost(offset, length);
      return lines(analysis).rangeOf(h.offset, h.length);
    };
    const ranges = coverageRanges(coverage.items, hostRange);
    return { ok: true, outcomes, coverage: ranges };
  });
}

function rangeOfNode(
  analysis: Analysis,
  node: number,
  toHost: (offset: number, length: number) => { offset: number; length: number },
  lines: LineIndex,
) {
  const tree = analysis.doc.tree;
  if (!tree || node < 0) return undefined;
  const r = tree.range(node);
  const h = toHost(r.offset, r.length);
  return lines.rangeOf(h.offset, h.length);
}

function paramsProblem(p: unknown): string | undefined {
  const o = p as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) return 'the parameters must be an object';
  const text = (v: unknown, keys: string[]) =>
    typeof v === 'object' &&
    v !== null &&
    keys.every((k) => typeof (v as Record<string, unknown>)[k] === 'string' && (v as Record<string, string>)[k].length <= MAX_TEXT);
  if (!text(o.definition, ['uri', 'text'])) return '"definition" must be { uri, text } (strings)';
  if (!text(o.mocks, ['path', 'text'])) return '"mocks" must be { path, text } (strings)';
  if (typeof o.machine !== 'string') return '"machine" must be a string';
  if (o.templateMachine !== undefined && typeof o.templateMachine !== 'string') return '"templateMachine" must be a string';
  if (!Array.isArray(o.testCases) || o.testCases.length > MAX_CASES || !o.testCases.every((t) => typeof t === 'string'))
    return '"testCases" must be an array of strings';
  if (typeof o.allowHandlers !== 'boolean' || typeof o.coverage !== 'boolean') return '"allowHandlers" and "coverage" must be booleans';
  return undefined;
}
