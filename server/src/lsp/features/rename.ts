import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { prepareRename, rename } from '../../core/language';
import { yamlEdits, yamlNameRange } from '../../core/yaml';
import { toRange, toTextEdit } from '../convert';
import { newNameProblem, positionProblem } from '../params';
import { withModel, type FeatureContext } from './context';
import { mockPrepareRename, mockRename, mockRenameChanges } from './mockFile';

/** Rename of states: refusals (clash, length, not a state name) reach the user as the error message. */
export function registerRename(ctx: FeatureContext): void {
  const { connection } = ctx;
  connection.onPrepareRename((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Prepare rename',
      (machine, doc) => {
        const mock = mockPrepareRename(ctx, doc, doc.offsetAt(params.position));
        if (mock) return mock;
        const r = prepareRename(machine, doc.offsetAt(params.position));
        if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
        // The core's range is inside JSON quotes; a YAML name may be plain (no quotes) or quoted.
        const range = machine.doc.syntax === 'yaml' ? (yamlNameRange(machine.doc, r.offset - 1) ?? r) : r;
        return { range: toRange(machine.doc.lines, range), placeholder: r.placeholder };
      },
      () => positionProblem(params.position),
    ),
  );
  connection.onRenameRequest((params, token) =>
    withModel(
      ctx,
      params,
      token,
      null,
      'Rename',
      (machine, doc) => {
        const mock = mockRename(ctx, doc, doc.offsetAt(params.position), params.newName);
        if (mock) return mock;
        const r = rename(machine, doc.offsetAt(params.position), params.newName);
        if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
        const edits = machine.doc.syntax === 'yaml' ? yamlEdits(machine.doc, r.edits) : r.edits;
        if (!edits) return new ResponseError(ErrorCodes.InvalidRequest, 'This rename cannot be written in YAML here.');
        // One workspace edit: the definition and every mock file that names the state in its machine.
        return {
          changes: {
            ...mockRenameChanges(ctx, doc, machine, doc.offsetAt(params.position), params.newName),
            [doc.uri]: edits.map((e) => toTextEdit(machine.doc.lines, e)),
          },
        };
      },
      () => positionProblem(params.position) ?? newNameProblem(params.newName),
    ),
  );
}
