import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Connection,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Machine } from '../../core';
import type { AnalysisCache } from '../analyses';
import type { MockWorkspace } from '../mockWorkspace';
import { textDocumentProblem, type Problem } from '../params';
import { isHostDocument, linkedFileAt, readOnlyAt, symbolHoverAt, type TemplateCache } from '../templates';
import type { LinkingTemplates } from '../linkingTemplates';
import { linkedPlaceholderDefinition, linkedPlaceholderHover } from './linkedPlaceholders';

/** What every feature handler needs: the connection, the open documents and their parses. */
export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly cache: AnalysisCache;
  /** Mock files: which open documents are, and the workspace they are read against. */
  readonly mocks: MockWorkspace;
  /** The machines of yaml/json templates (editing features do not reach into them yet). */
  readonly templates?: TemplateCache;
  /** The templates that link a definition file (hover and definition of its `${Name}`s). */
  readonly linking?: LinkingTemplates;
  /** Lambda function ARNs to offer: the workspace's ASL files' and `aslWorkbench.extraLambdaArns`. */
  lambdaArns(): readonly string[];
}

/**
 * Runs a request against the document's cached parse: InvalidParams when the parameters fail
 * their checks (textDocument.uri always, `check` for the rest), nothing when the document is not
 * open or the request was cancelled, and a logged error (not a crashed server) when a feature throws.
 */
export function withModel<R>(
  ctx: FeatureContext,
  params: { textDocument: { uri: string } },
  token: CancellationToken | undefined,
  fallback: R,
  name: string,
  run: (machine: Machine, doc: TextDocument) => R,
  check?: () => Problem,
): R | ResponseError<void> {
  if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const bad = textDocumentProblem(params) ?? check?.();
  if (bad) return new ResponseError(ErrorCodes.InvalidParams, `${name}: ${bad}`);
  const uri = params.textDocument.uri;
  const doc = ctx.documents.get(uri);
  if (!doc) return fallback;
  try {
    // A mock file is JSON too, but ours to answer (features/mockFile.ts); other JSON and YAML hosts are not.
    if (isHostDocument(doc) && !ctx.mocks.isMock(doc)) return hostFallback(ctx, params, doc, fallback, name);
    return run(ctx.cache.model(doc), doc);
  } catch (err) {
    ctx.connection.console.error(`${name} failed on ${uri}: ${(err as Error)?.stack ?? String(err)}`);
    return fallback;
  }
}

/**
 * A yaml/json document is not an ASL document: its editing features are the YAML and JSON
 * extensions'. A rename inside a machine that cannot be edited honestly (CDK output) is refused
 * with the reason, so the user is sent to the source.
 */
function hostFallback<R>(
  ctx: FeatureContext,
  params: { textDocument: { uri: string }; position?: unknown },
  doc: TextDocument,
  fallback: R,
  name: string,
): R | ResponseError<void> {
  const position = params.position as { line: number; character: number } | undefined;
  if (!position || typeof position.line !== 'number' || typeof position.character !== 'number') return fallback;
  const offset = doc.offsetAt(position);
  if (name === 'Definition') {
    // DefinitionUri / ${file(...)}: "go to definition" opens the linked definition file.
    const file = linkedFileAt(ctx.templates?.get(doc), offset);
    if (file === undefined) return (linkedPlaceholderDefinition(ctx.linking, doc, offset) as R | undefined) ?? fallback;
    return [{ uri: new URL(file, doc.uri).toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] as R;
  }
  if (name === 'Hover') {
    // A Ref / GetAtt a machine reads: what it is, known before deployment by its kind only.
    const t = ctx.templates?.get(doc);
    const found = symbolHoverAt(t, offset);
    // A plain .json / .yaml definition file that templates link: its ${Name}s.
    if (!found || !t) return (linkedPlaceholderHover(ctx.linking, doc, offset) as R | undefined) ?? fallback;
    const lines = t.template.host.lines;
    return { contents: { kind: 'markdown', value: found.contents }, range: lines.rangeOf(found.range.offset, found.range.length) } as R;
  }
  if (!/rename/i.test(name)) return fallback;
  const message = readOnlyAt(ctx.templates?.get(doc), offset);
  return message ? new ResponseError(LSPErrorCodes.RequestFailed, message) : fallback;
}
