import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONVERT_REQUEST, readConvertParams, type ConvertAnswer } from '../../../protocol/convert';
import { convertParsed } from '../core/yaml';
import type { AnalysisCache } from './analyses';

/** The convert command's request: the open document, from its cached parse, in the other syntax. */
export function registerConvertRequest(connection: Connection, documents: TextDocuments<TextDocument>, cache: AnalysisCache): void {
  connection.onRequest(CONVERT_REQUEST, (raw: unknown): ConvertAnswer | ResponseError<void> => {
    const params = readConvertParams(raw);
    if (!params) return new ResponseError(ErrorCodes.InvalidParams, 'Convert: expected { uri: string, to: "yaml" | "json" }.');
    const doc = documents.get(params.uri);
    if (!doc) return { ok: false, reason: 'The document is not open in the language server.' };
    return convertParsed(cache.model(doc).doc, params.to);
  });
}
