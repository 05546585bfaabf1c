import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Machine } from '../../core';
import type { AnalysisCache } from '../analyses';
import type { MockWorkspace } from '../mockWorkspace';
import { textDocumentProblem, type Problem } from '../params';

/** What every feature handler needs: the connection, the open documents and their parses. */
export interface FeatureContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly cache: AnalysisCache;
  /** Mock files: which open documents are, and the workspace they are read against. */
  readonly mocks: MockWorkspace;
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
    // JSON the client sends because of its name (`*mock*.json`) that is not a mock file: not ours to answer.
    if (doc.languageId === 'json' && !ctx.mocks.isMock(doc)) return fallback;
    return run(ctx.cache.model(doc), doc);
  } catch (err) {
    ctx.connection.console.error(`${name} failed on ${uri}: ${(err as Error)?.stack ?? String(err)}`);
    return fallback;
  }
}
