/**
 * Every finding of a mock file open in the editor: the format's own checks (loadMockFile: the
 * schema of MockConfigFile and our additions, unknown response names, invocation keys that
 * overlap or leave a gap), then, for each machine whose definition the workspace has, the
 * test cases' state names and ExpectedPath against it, and LocalHandlers' files and exports
 * against what the adapter finds on disk (the core takes a lookup, never the file system).
 */
import { loadMockFile } from '../engine/mocks/loadMockFile';
import { parseHandlerRef } from '../engine/mocks/loadMockFile';
import type { DefinitionInfo, MockDiagnostic, MockDiagnosticCode } from '../engine/mocks/types';
import type { Severity } from '../types';
import { closest, didYouMean } from '../suggest';
import { readOutline, type MockOutline } from './outline';

/** What the adapter knows of a handler module, by the path written in LocalHandlers. */
export type HandlerModuleInfo =
  | { exists: false }
  /** `exports` undefined: the file is there, its exports could not be read (e.g. built at run time). */
  | { exists: true; exports?: readonly string[] };

export interface MockFileEnvironment {
  /** The definition of the machine of that name in the workspace, or undefined when none is known. */
  definition(machineName: string): DefinitionInfo | undefined;
  /** What is at a handler module path as written (relative to the mock file); undefined: cannot tell. */
  handlerModule?(modulePath: string): HandlerModuleInfo | undefined;
}

export function mockFileDiagnostics(text: string, env: MockFileEnvironment, outline: MockOutline = readOutline(text)): MockDiagnostic[] {
  const out = loadMockFile(text).diagnostics;
  const tree = outline.tree;
  if (!tree) return out;
  const lines = outline.doc.lines;
  const report = (node: number, severity: Severity, code: MockDiagnosticCode, message: string): void => {
    const { offset, length } = tree.range(node);
    out.push({ range: lines.rangeOf(offset, Math.max(1, length)), offset, length: Math.max(1, length), severity, code, message });
  };
  /** The functions the file's machines call, when a definition of one of them is known. */
  let called: Set<string> | undefined;
  for (const machine of outline.machines) {
    const def = env.definition(machine.name);
    if (!def) continue;
    called ??= new Set();
    for (const f of def.lambdaFunctions) called.add(f);
    for (const testCase of machine.testCases) {
      for (const s of testCase.states) {
        const state = def.states.get(s.name);
        if (!state) {
          const hint = didYouMean(s.name, def.states.keys());
          report(
            s.key,
            'error',
            'mock-unknown-state',
            `State machine "${machine.name}" has no state named "${s.name}".${hint || ' Mock keys are state names (case matters).'}`,
          );
        } else if (state.type !== 'Task' && !(state.type === 'Map' && state.hasItemReader)) {
          report(
            s.key,
            'warning',
            'mock-unused',
            `"${s.name}" is a ${state.type ?? 'untyped'} state: only Task states (and a Map's ItemReader) call services, so this mock is never used.`,
          );
        }
      }
      for (const item of tree.children(testCase.expectedPath)) {
        const name = tree.string(item);
        if (name !== undefined && !def.states.has(name)) {
          report(
            item,
            'warning',
            'mock-unknown-state',
            `"ExpectedPath" names "${name}", which is not a state of "${machine.name}".${didYouMean(name, def.states.keys())}`,
          );
        }
      }
    }
  }
  if (called && called.size > 0) {
    for (const h of outline.handlers) {
      if (called.has(h.name)) continue;
      const near = closest(h.name, called);
      if (near)
        report(
          h.key,
          'warning',
          'mock-invalid-handler',
          `No Task of the machines in this file calls a function named "${h.name}". Did you mean "${near}"?`,
        );
    }
  }
  if (env.handlerModule) {
    for (const h of outline.handlers) {
      const written = tree.string(h.value);
      if (written === undefined) continue;
      const ref = parseHandlerRef(h.name, written);
      if ('problem' in ref) continue; // loadMockFile reported it
      const found = env.handlerModule(ref.module);
      if (!found) continue;
      if (!found.exists) {
        report(
          h.value,
          'error',
          'mock-invalid-handler',
          `The handler file "${ref.module}" does not exist (paths are relative to the mock file).`,
        );
      } else if (found.exports && !found.exports.includes(ref.exportName)) {
        const known = found.exports.length ? ` It exports: ${found.exports.join(', ')}.` : ' It exports nothing that can be read.';
        report(
          h.value,
          'error',
          'mock-invalid-handler',
          `"${ref.module}" has no export named "${ref.exportName}".${didYouMean(ref.exportName, found.exports) || known}`,
        );
      }
    }
  }
  return out;
}
