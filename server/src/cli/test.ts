/**
 * `asl-workbench test`: runs every test case a mock file has for a state machine and checks the
 * expectations in each case's "$test" (ExpectedOutput, ExpectedError, ExpectedPath).
 */
import type { ExecutionResult } from '../core/engine/types';
import type { MockDiagnostic, MockTestCase } from '../core/engine/mocks';
import { blockingErrors } from '../core/mockfile';
import { judge } from '../core/testing/verdict';
import { parseArgs } from './args';
import {
  COVERAGE_FLAGS,
  COVERAGE_HELP,
  COVERAGE_VALUES,
  machineCoverage,
  readCoverageFlags,
  resultsStream,
  writeCoverage,
} from './coverage';
import { LIMIT_HELP, SESSION_FLAGS, SESSION_VALUES, execute, openSession, testCaseOf, type Out } from './run';

const HELP = `Usage: asl-workbench test FILE --mocks FILE [options]

Runs every test case of the mock file for the state machine FILE, each with the input in its
"$test".Input (default {}), and checks what "$test" expects:
  "ExpectedOutput"  the execution succeeds with this output (deep equality);
  "ExpectedError"   it fails with this error: "Name" or { "Error": "Name", "Cause": "..." };
  "ExpectedPath"    the top-level states entered, in order.
A test case without ExpectedOutput or ExpectedError passes when the execution succeeds.
  --test-case NAME         Run only this test case.
  --machine ID             FILE is a template: test the state machine with this logical ID (Serverless: key).
  --state-machine NAME     The machine's name in the mock file (default: FILE's name without .asl.json / .asl.yaml;
                           a template's machine: its logical ID).
  --echo-unmocked          A Task with neither mock nor handler returns its input instead of failing.
  --handler-timeout SECS   Real-time limit of one local handler call (default 30).
  --no-handlers            Never run LocalHandlers (for untrusted checkouts; also ASLWB_NO_HANDLERS=1): a Task
                           that needs one fails its test case with States.Runtime; mocks still answer.
  --max-file-size MB       Largest file read (definition, mock file; default 50, or $ASLWB_MAX_FILE_MB).
  --type STANDARD|EXPRESS  The machine's workflow type; EXPRESS adds the checks of Express workflows.
  --strict                 Refuse to run on any error or warning (default: only on errors).
${LIMIT_HELP}
${COVERAGE_HELP}
  --json                   One JSON array of {testCase, passed, failures, status, error, cause, hint, path}.
A test case whose own mocks have errors (a state the machine does not have, a response not
defined, overlapping invocation keys) fails with status NOT_RUN; the other cases still run.
Exit status: 0 all passed, 1 a test case failed, 2 bad usage or unreadable input.`;

interface CaseReport {
  testCase: string;
  passed: boolean;
  failures: string[];
  status: string;
  error?: string;
  cause?: string;
  /** Our explanation of the failure (AWS's cause stays as AWS writes it). */
  hint?: string;
  path: string[];
  simulatedSeconds: number;
}

export async function runTest(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const args = parseArgs(argv, { flags: [...SESSION_FLAGS, ...COVERAGE_FLAGS], values: [...SESSION_VALUES, ...COVERAGE_VALUES] });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  const coverage = readCoverageFlags(args);
  const out = resultsStream(coverage, stdout, stderr);
  if (!args.values.has('--mocks')) {
    stderr.write(`asl-workbench test: --mocks FILE is required.\n\n${HELP}\n`);
    return 2;
  }
  const session = openSession(args, 'test', stderr);
  if (typeof session === 'number') return session;
  try {
    const only = args.values.get('--test-case');
    const cases = only !== undefined ? [testCaseOf(session, only)] : [...(session.mocks?.machine?.testCases.values() ?? [])];
    if (cases.length === 0) {
      stderr.write(`asl-workbench test: ${session.mocks?.file} has no test cases for "${session.machineName}".\n`);
      return 2;
    }
    const json = args.flags.has('--json');
    const reports: CaseReport[] = [];
    const results: ExecutionResult[] = [];
    for (const testCase of cases) {
      const mocks = session.mocks!;
      // A case whose own mocks are broken fails without running; the others still run.
      const broken = blockingErrors(mocks.text, mocks.diagnostics, session.machineName, testCase.name);
      let report: CaseReport;
      if (broken.length > 0) report = notRun(testCase, broken);
      else {
        const result = await execute(session, testCase.test.input ? testCase.test.input.value : {}, testCase);
        results.push(result);
        report = check(testCase, result);
      }
      reports.push(report);
      if (!json) out.write(describe(report));
    }
    const failed = reports.filter((r) => !r.passed).length;
    if (json) out.write(JSON.stringify(reports, null, 2) + '\n');
    else
      out.write(
        `${reports.length - failed} passed, ${failed} failed (${reports.length} test case${reports.length === 1 ? '' : 's'} of "${session.machineName}" in ${session.mocks?.file}).\n`,
      );
    if (coverage) writeCoverage(coverage, [machineCoverage(session.machine, results, session.machineName, session.file)], stdout);
    return failed > 0 ? 1 : 0;
  } finally {
    await session.runner?.dispose();
  }
}

/** A test case that was not run because its mocks have errors. */
function notRun(testCase: MockTestCase, errors: MockDiagnostic[]): CaseReport {
  const failures = errors.map((d) => `not run: line ${d.range.start.line + 1}: ${d.message}`);
  return { testCase: testCase.name, passed: false, failures, status: 'NOT_RUN', path: [], simulatedSeconds: 0 };
}

/** Compares one execution with what its test case expects (core/testing/verdict.ts decides). */
export function check(testCase: MockTestCase, r: ExecutionResult): CaseReport {
  const { passed, failures } = judge(testCase.test, r);
  return {
    testCase: testCase.name,
    passed,
    failures,
    status: r.status,
    error: r.error,
    cause: r.cause,
    hint: r.hint,
    path: r.path,
    simulatedSeconds: r.simulatedSeconds,
  };
}

function describe(r: CaseReport): string {
  const summary = `${r.status}, ${r.path.length} state${r.path.length === 1 ? '' : 's'}, ${Math.round(r.simulatedSeconds * 1000) / 1000} s simulated`;
  if (r.passed) return `PASS  ${r.testCase}  (${summary})\n`;
  const hint = r.hint !== undefined && r.status !== 'SUCCEEDED' ? `  hint: ${r.hint}\n` : '';
  return `FAIL  ${r.testCase}  (${summary})\n${r.failures.map((f) => `  - ${f}\n`).join('')}${hint}`;
}
