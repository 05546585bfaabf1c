/**
 * The mock-file side of the editing features: diagnostics, completion and hover in a mock file,
 * and the edits a state's rename makes in the mock files naming its machine. Each returns
 * undefined when the document is not a mock file, so the ASL handler answers instead.
 */
import {
  ErrorCodes,
  MarkupKind,
  ResponseError,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Machine } from '../../core';
import { machineNameOf, type MockDiagnostic } from '../../core/engine/mocks';
import { prepareRename, rename } from '../../core/language';
import { completeMockFile, hoverMockFile, mockFileDiagnostics, mockStateRefAt, renameInMockFile } from '../../core/mockfile';
import { LineIndex } from '../../core/text';
import { toTextEdit } from '../convert';
import { pathOf } from '../mockWorkspace';
import { toLspItem } from './completion';
import type { FeatureContext } from './context';
import { SEVERITY } from '../convert';

/** The mock file's diagnostics, or undefined when the document is not a mock file. */
export function mockDiagnostics(ctx: FeatureContext, doc: TextDocument): Diagnostic[] | undefined {
  if (!ctx.mocks.isMock(doc)) return undefined;
  return mockFileDiagnostics(doc.getText(), ctx.mocks.environment(doc.uri)).map(toLspMockDiagnostic);
}

function toLspMockDiagnostic(d: MockDiagnostic): Diagnostic {
  return { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'asl-mock', message: d.message };
}

export function mockCompletion(ctx: FeatureContext, doc: TextDocument, offset: number): CompletionList | undefined {
  if (!ctx.mocks.isMock(doc)) return undefined;
  const lines = new LineIndex(doc.getText());
  const items = completeMockFile(doc.getText(), offset, ctx.mocks.environment(doc.uri));
  return { isIncomplete: false, items: items.map((i) => toLspItem(lines, i)) };
}

export function mockHover(ctx: FeatureContext, doc: TextDocument, offset: number): Hover | null | undefined {
  if (!ctx.mocks.isMock(doc)) return undefined;
  const h = hoverMockFile(doc.getText(), offset);
  if (!h) return null;
  return { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: new LineIndex(doc.getText()).rangeOf(h.offset, h.length) };
}

/**
 * Rename started in a mock file, on a mocked state's key or an ExpectedPath item: the state is
 * renamed in its machine's definition (an open document, or its file) and in every mock file.
 * Undefined when the document is not a mock file.
 */
export function mockPrepareRename(
  ctx: FeatureContext,
  doc: TextDocument,
  offset: number,
): { range: Range; placeholder: string } | ResponseError<void> | undefined {
  if (!ctx.mocks.isMock(doc)) return undefined;
  const ref = mockStateRefAt(doc.getText(), offset);
  if (!ref)
    return new ResponseError(
      ErrorCodes.InvalidRequest,
      "Put the cursor on a mocked state's name (a key of a test case, or an ExpectedPath item) to rename the state.",
    );
  const source = ctx.mocks.definitionSource(ref.machine);
  if (!source?.machine.byName.has(ref.name))
    return new ResponseError(
      ErrorCodes.InvalidRequest,
      `No definition of "${ref.machine}" with a state "${ref.name}" is open or in the workspace, so there is nothing to rename.`,
    );
  return { range: new LineIndex(doc.getText()).rangeOf(ref.offset, ref.length), placeholder: ref.name };
}

export function mockRename(
  ctx: FeatureContext,
  doc: TextDocument,
  offset: number,
  newName: string,
): WorkspaceEdit | ResponseError<void> | undefined {
  if (!ctx.mocks.isMock(doc)) return undefined;
  const ref = mockStateRefAt(doc.getText(), offset);
  const source = ref && ctx.mocks.definitionSource(ref.machine);
  const state = ref && source?.machine.byName.get(ref.name)?.[0];
  if (!ref || !source || !state)
    return new ResponseError(
      ErrorCodes.InvalidRequest,
      'Put the cursor on the name of a state of a machine in the workspace to rename it.',
    );
  const r = rename(source.machine, state.tree.range(state.keyNode).offset + 1, newName);
  if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
  const changes: Record<string, TextEdit[]> = {};
  for (const mock of ctx.mocks.mockTexts()) {
    const edits = renameInMockFile(mock.text, ref.machine, ref.name, newName);
    if (edits.length > 0) changes[mock.uri] = edits.map((e) => toTextEdit(new LineIndex(mock.text), e));
  }
  changes[source.uri] = r.edits.map((e) => toTextEdit(source.machine.doc.lines, e));
  return { changes };
}

/** The edits in mock files for renaming the state at `offset` of `machine` (the document `doc`) to `newName`, by URI. */
export function mockRenameChanges(
  ctx: FeatureContext,
  doc: TextDocument,
  machine: Machine,
  offset: number,
  newName: string,
): Record<string, TextEdit[]> {
  const prepared = prepareRename(machine, offset);
  if ('error' in prepared) return {};
  const machineName = machineNameOf(pathOf(doc.uri) ?? doc.uri);
  const out: Record<string, TextEdit[]> = {};
  for (const mock of ctx.mocks.mockTexts()) {
    const edits = renameInMockFile(mock.text, machineName, prepared.placeholder, newName);
    if (edits.length === 0) continue;
    const lines = new LineIndex(mock.text);
    out[mock.uri] = edits.map((e) => toTextEdit(lines, e));
  }
  return out;
}
