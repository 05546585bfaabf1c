/**
 * The HTTP side of the endpoint: AWS JSON 1.0 (POST /, `X-Amz-Target: AWSStepFunctions.<Action>`,
 * `Content-Type: application/x-amz-json-1.0`), the request's signature accepted unchecked. Every
 * answer is JSON; errors are `{ "__type", "message" }` with the status of the error's shape.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Action } from './actions';
import { ApiError } from './errors';
import type { Body } from './validate';
import { EXTENSION_PREFIX } from './watch';

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
/**
 * The largest request read: a 1 MB definition (the API's limit) can double in size as JSON text
 * (escaped quotes and newlines), so a bit over that is read and the limit is then checked on the
 * value; past this the request is refused without being read.
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
const PAYLOAD_TOO_LARGE = 413;
/** Past this much, a request that is over the limit anyway is not read to its end. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

export interface EndpointLog {
  (line: string): void;
}

export function endpointServer(actions: Record<string, Action>, log: EndpointLog, extensions: Record<string, Action> = {}): Server {
  const server = createServer((req, res) => {
    handle(req, res, actions, log, extensions).catch((e: unknown) => {
      log(`internal error: ${(e as Error)?.stack ?? String(e)}`);
      send(res, 500, { __type: 'InternalFailure', message: 'The request processing has failed because of an unknown error.' });
    });
  });
  // A client that goes away mid-request only ends its own request.
  server.on('clientError', (_err, socket) => socket.destroy());
  server.keepAliveTimeout = 65_000;
  return server;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  actions: Record<string, Action>,
  log: EndpointLog,
  extensions: Record<string, Action>,
): Promise<void> {
  const body = await readBody(req);
  if (body === 'aborted') return;
  if (body === 'too-large') {
    send(
      res,
      PAYLOAD_TOO_LARGE,
      { __type: 'SerializationException', message: `The request is larger than ${MAX_REQUEST_BYTES} bytes.` },
      true,
    );
    return;
  }
  const target = String(req.headers['x-amz-target'] ?? '');
  // Our own actions (watch.ts) answer under their own prefix, never under AWS's.
  const [table, name] = target.startsWith(TARGET_PREFIX)
    ? [actions, target.slice(TARGET_PREFIX.length)]
    : target.startsWith(EXTENSION_PREFIX)
      ? [extensions, target.slice(EXTENSION_PREFIX.length)]
      : [actions, ''];
  const action = req.method === 'POST' && Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
  if (!action) {
    send(res, 400, {
      __type: 'UnknownOperationException',
      message: target ? `Unknown operation: ${target}` : 'Missing X-Amz-Target header: expected AWSStepFunctions.<Action>',
    });
    return;
  }
  let input: Body;
  try {
    const parsed: unknown = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    input = parsed as Body;
  } catch {
    send(res, 400, { __type: 'SerializationException', message: 'The request body is not a JSON object.' });
    return;
  }
  try {
    const out = await action(input);
    send(res, 200, out ?? {});
  } catch (e) {
    if (e instanceof ApiError) {
      send(res, e.status, e.body());
      return;
    }
    log(`${name} failed: ${(e as Error)?.stack ?? String(e)}`);
    send(res, 500, { __type: 'InternalFailure', message: `Internal error in ${name}: ${(e as Error)?.message ?? String(e)}` });
  }
}

/**
 * The body, up to the limit. Past it the rest is read and dropped, so that the client, still
 * sending, gets the answer rather than a broken pipe; a client that sends far more is cut off.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'aborted' | 'too-large'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (v: Buffer | 'aborted' | 'too-large') => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_DRAINED_BYTES) {
        req.destroy();
        finish('aborted');
      } else if (size <= MAX_REQUEST_BYTES) chunks.push(c);
    });
    req.on('end', () => finish(size > MAX_REQUEST_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('aborted', () => finish('aborted'));
    req.on('error', () => finish('aborted'));
    req.on('close', () => {
      if (!req.complete) finish('aborted');
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}
