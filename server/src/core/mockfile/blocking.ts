/**
 * Which of a mock file's errors stop a run: only those in what that run reads. A run with test
 * case C of machine M reads C's mocks and the responses C names (and the file's structure and
 * LocalHandlers); a mistake in another test case, another machine's cases or a response only
 * other cases use does not stop it. A run without a test case reads no mocks, only LocalHandlers.
 */
import type { MockDiagnostic } from '../engine/mocks/types';
import type { Tree } from '../tree';
import { readOutline } from './outline';

export function blockingErrors(
  text: string,
  diagnostics: readonly MockDiagnostic[],
  machineName: string,
  testCase: string | undefined,
): MockDiagnostic[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const outline = readOutline(text);
  const tree = outline.tree;
  if (!tree || errors.length === 0) return errors;
  /** Text spans this run does not read, as property nodes (key and value). */
  const unread: number[] = [];
  const used = new Set<string>();
  for (const machine of outline.machines) {
    for (const c of machine.testCases) {
      const chosen = machine.name === machineName && c.name === testCase;
      if (!chosen) unread.push(tree.parentOf(c.key));
      else for (const s of c.states) if (s.value >= 0 && tree.string(s.value) !== undefined) used.add(tree.string(s.value)!);
    }
  }
  for (const [name, r] of outline.responses) if (!used.has(name)) unread.push(tree.parentOf(r.key));
  return errors.filter((d) => !unread.some((p) => inside(tree, p, d.offset)));
}

function inside(tree: Tree, node: number, offset: number): boolean {
  if (node < 0) return false;
  const r = tree.range(node);
  return offset >= r.offset && offset < r.offset + r.length;
}
