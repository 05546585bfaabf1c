/**
 * The Testing view's pure parts (no vscode), so node tests reach them: test item ids, which
 * definition file a mock file's machine runs, and a test case's outcome in words.
 */
import type { TestCaseOutcome } from '../../../protocol/testing';

/** Ids: a mock file's machine is `<mock uri>#<machine>`, its case `<mock uri>#<machine>#<case>`. */
export function machineId(mockUri: string, machine: string): string {
  return `${mockUri}#${encodeURIComponent(machine)}`;
}

export function caseId(mockUri: string, machine: string, testCase: string): string {
  return `${machineId(mockUri, machine)}#${encodeURIComponent(testCase)}`;
}

/** The file name a machine's definition has: the name under "StateMachines" + `.asl.json` (as the CLI's default). */
export function definitionFileName(machine: string): string {
  return `${machine}.asl.json`;
}

/**
 * Of the workspace's files named `<machine>.asl.json` (paths with '/'), the one a mock file's
 * machine means: in the mock file's folder, else the nearest by shared folders, then the shortest path.
 */
export function pickDefinition(mockPath: string, candidates: readonly string[]): string | undefined {
  const folder = mockPath.replace(/\/[^/]*$/, '');
  const shared = (p: string): number => {
    const a = folder.split('/');
    const b = p.replace(/\/[^/]*$/, '').split('/');
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  return [...candidates].sort((x, y) => shared(y) - shared(x) || x.length - y.length || x.localeCompare(y))[0];
}

/** The failure message of a test case, as the CLI writes it, plus the error, cause and simulated time. */
export function outcomeText(o: TestCaseOutcome): string {
  const r = o.result;
  const lines = [...o.verdict.failures];
  if (!r) return lines.join('\n');
  if (r.status !== 'SUCCEEDED') {
    if (r.error !== undefined) lines.push(`error: ${r.error}`);
    if (r.cause !== undefined) lines.push(`cause: ${r.cause}`);
    if (r.hint !== undefined) lines.push(`hint: ${r.hint}`);
  }
  lines.push(`${r.status}, path ${r.path.join(' -> ') || '(none)'}, ${Math.round(r.simulatedSeconds * 1000) / 1000} s simulated`);
  if (o.verdict.divergedAt !== undefined) lines.push(`diverged at state "${o.verdict.divergedAt}"`);
  for (const c of r.childExecutions ?? []) {
    const how = c.result.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${c.result.status} with ${c.result.error ?? 'no error'}`;
    lines.push(`child "${c.machine}" (${c.pattern}) started by "${c.stateName}": ${how}, path ${c.result.path.join(' -> ') || '(none)'}`);
  }
  return lines.join('\n');
}
