/**
 * The last successful dry run of each document in the graph panel: what "Add Test Case from the
 * Last Run" turns into a test case. Pure (no vscode), so it is trivially shared.
 */
import type { ExecutionResult } from '../../../server/src/core/engine/types';

export interface LastRun {
  /** The input as run: given, the test case's, or {}. */
  input: unknown;
  /** The mock file the run used (URI), if any. */
  mockFile?: string;
  result: ExecutionResult;
}

/** By the definition's URI string. */
export const lastRuns = new Map<string, LastRun>();
