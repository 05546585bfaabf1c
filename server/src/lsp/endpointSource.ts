/**
 * The endpoint watch asks which template machine an endpoint's state machine was deployed from
 * (protocol/endpoint.ts): the core compares it with each template's machines, linked definition
 * files read from disk (a file the editor has open, from the editor).
 */
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { ENDPOINT_SOURCE_REQUEST, readEndpointSourceParams, type EndpointSourceAnswer } from '../../../protocol/endpoint';
import { templateSourceOf } from '../core/templates/deployed';
import { linkedUri } from './linkedFindings';
import { readLinked } from './templates';

export function registerEndpointSourceRequest(connection: Connection, openText: (uri: string) => string | undefined): void {
  connection.onRequest(ENDPOINT_SOURCE_REQUEST, (raw: unknown): EndpointSourceAnswer | ResponseError<void> => {
    const params = readEndpointSourceParams(raw);
    if (!params)
      return new ResponseError(
        ErrorCodes.InvalidParams,
        `${ENDPOINT_SOURCE_REQUEST} needs "definition", "machineName" and "templates" ({ uri, text }[]).`,
      );
    const read = (templateUri: string, path: string): string | undefined => {
      const uri = linkedUri(templateUri, path);
      return (uri !== undefined ? openText(uri) : undefined) ?? readLinked(templateUri, path);
    };
    const found = templateSourceOf(params.definition, params.machineName, params.templates, read);
    if (!found) return null;
    const file = found.file !== undefined ? linkedUri(found.uri, found.file) : undefined;
    return { uri: found.uri, machine: found.machine, ...(file !== undefined ? { file } : {}) };
  });
}
