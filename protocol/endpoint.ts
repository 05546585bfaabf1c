/**
 * The endpoint watch's one request (client/src/endpointCommand.ts), declared once for the extension
 * and the language server: which template machine an endpoint's state machine was deployed from.
 * The extension sends the workspace's templates it found; the server reads them with the core's
 * template reader (server/src/core/templates/deployed.ts) and the definition files they link to.
 */
export const ENDPOINT_SOURCE_REQUEST = 'aslWorkbench/endpointSource';

export interface EndpointSourceParams {
  /** The endpoint's definition (DescribeStateMachine's `definition`). */
  definition: string;
  /** The machine's name on the endpoint (SAM names it `<LogicalId>-<suffix>`). */
  machineName: string;
  /** Workspace files that may be templates: their URIs and texts. */
  templates: { uri: string; text: string }[];
}

/** The template and its machine (logical ID), with the URI of the definition file it links to if any; null when none matches. */
export type EndpointSourceAnswer = { uri: string; machine: string; file?: string } | null;

/** The params, or undefined when they are malformed. */
export function readEndpointSourceParams(raw: unknown): EndpointSourceParams | undefined {
  const p = raw as Partial<EndpointSourceParams> | null;
  if (!p || typeof p.definition !== 'string' || typeof p.machineName !== 'string' || !Array.isArray(p.templates)) return undefined;
  if (!p.templates.every((t) => t && typeof t.uri === 'string' && typeof t.text === 'string')) return undefined;
  return { definition: p.definition, machineName: p.machineName, templates: p.templates.map((t) => ({ uri: t.uri, text: t.text })) };
}
