/**
 * The one verdict on a test case: an execution compared with the case's `$test` expectations
 * (ExpectedOutput, ExpectedError, ExpectedPath). The CLI (`asl-workbench test`), the Testing view
 * and the graph panel all ask this function, so the three give the same answer.
 */
import type { ExecutionResult } from '../engine/types';
import { deepEqual } from '../engine/values';
import type { TestExpectations } from '../engine/mocks/types';

export interface Verdict {
  passed: boolean;
  /** One line (or a few) per expectation not met, for people. */
  failures: string[];
  /** What a diff view shows: the expected and actual output, when the output was compared and differs. */
  output?: { expected: unknown; actual: unknown };
  /** The expected and actual paths, when they differ. */
  path?: { expected: string[]; actual: string[] };
  /** The state where the run went wrong: the first state off the expected path, else the last state entered. */
  divergedAt?: string;
}

/** Whether a test case has anything to check beyond "it succeeds". */
export function hasExpectations(t: TestExpectations): boolean {
  return t.expectedOutput !== undefined || t.expectedError !== undefined || t.expectedPath !== undefined;
}

export function judge(t: TestExpectations, r: ExecutionResult): Verdict {
  const failures: string[] = [];
  const v: Verdict = { passed: true, failures };
  const ended =
    r.status === 'SUCCEEDED'
      ? 'succeeded'
      : `ended ${r.status} with ${r.error ?? 'no error'}${r.cause !== undefined ? `: ${clip(r.cause)}` : ''}`;
  if (t.expectedError) {
    const e = t.expectedError;
    if (r.status === 'SUCCEEDED')
      failures.push(`expected error ${e.error}, but the execution succeeded with ${clip(JSON.stringify(r.output))}`);
    else if (r.error !== e.error) failures.push(`expected error ${e.error}, but it ${ended}`);
    else if (e.cause !== undefined && r.cause !== e.cause)
      failures.push(`expected cause ${JSON.stringify(e.cause)}, got ${JSON.stringify(r.cause ?? null)}`);
  } else if (r.status !== 'SUCCEEDED') {
    failures.push(`expected success, but it ${ended}`);
  } else if (t.expectedOutput && !deepEqual(r.output, t.expectedOutput.value)) {
    failures.push(
      `output differs:\n    expected ${clip(JSON.stringify(t.expectedOutput.value), 400)}\n    but got  ${clip(JSON.stringify(r.output), 400)}`,
    );
    v.output = { expected: t.expectedOutput.value, actual: r.output };
  }
  if (t.expectedPath && !deepEqual(r.path, t.expectedPath)) {
    failures.push(
      `path differs:\n    expected ${t.expectedPath.join(' -> ') || '(none)'}\n    but got  ${r.path.join(' -> ') || '(none)'}`,
    );
    v.path = { expected: t.expectedPath, actual: r.path };
  }
  v.passed = failures.length === 0;
  if (!v.passed) v.divergedAt = divergence(t.expectedPath, r.path);
  return v;
}

function divergence(expected: string[] | undefined, actual: string[]): string | undefined {
  if (expected) {
    const n = Math.min(expected.length, actual.length);
    for (let i = 0; i < n; i++) if (expected[i] !== actual[i]) return actual[i];
    if (actual.length > expected.length) return actual[expected.length];
  }
  return actual[actual.length - 1];
}

function clip(s: string, max = 200): string {
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}
