/**
 * A recorded execution beside the definition as it is now: the mock file whose one test case
 * replays the recorded task answers (testCaseFromRun), so that a dry run of the recorded input
 * can be compared with the recording (firstDivergence). With the same answers, where the two
 * part is where the definition (a Choice rule, a path, a retrier) now does something else.
 */
import type { ExecutionResult } from '../engine/types';
import { addTestCase, testCaseFromRun } from './toMocks';

/** The name of the replaying test case in the mock file made for a comparison. */
export const REPLAY_CASE = 'Recorded execution';

/** A mock file (its text) with one test case, `REPLAY_CASE`, that answers each Task as `recorded` did. */
export function replayMockFile(recorded: ExecutionResult, input: unknown, machine: string): string {
  const { file } = addTestCase(undefined, machine, REPLAY_CASE, testCaseFromRun(recorded, input, REPLAY_CASE));
  return JSON.stringify(file, null, 2);
}

/** One line for people: what differs at the divergence. */
export function divergenceMessage(d: {
  stateName: string;
  reason: string;
  scope?: string[];
  recorded?: { stateName: string };
  dryRun?: { stateName: string };
}): string {
  const where = d.scope?.length ? ` (in ${d.scope.join(' › ')})` : '';
  switch (d.reason) {
    case 'state':
      return `The dry run went to "${d.dryRun?.stateName}" where the recorded execution went to "${d.stateName}"${where}.`;
    case 'input':
      return `"${d.stateName}"${where} got another input in the dry run than in the recorded execution.`;
    case 'output':
      return `"${d.stateName}"${where} gave another output in the dry run than in the recorded execution.`;
    case 'missing':
      return `The dry run never entered "${d.stateName}"${where}, which the recorded execution did.`;
    default:
      return `The dry run entered "${d.stateName}"${where}, which the recorded execution never did.`;
  }
}
