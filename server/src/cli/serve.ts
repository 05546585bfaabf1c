/**
 * `asl-workbench serve`: the local Step Functions endpoint (server/src/endpoint) on a port, until
 * SIGINT or SIGTERM. Step Functions Local's settings are read too: SFN_MOCK_CONFIG for the mock
 * file, LAMBDA_ENDPOINT for the Lambda endpoint, WAIT_TIME_SCALE for the time scale.
 */
import { dirname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DEFAULT_HANDLER_TIMEOUT_MS, loadMockFile } from '../core/engine/mocks';
import { createEndpoint } from '../endpoint';
import { HandlerPool } from '../endpoint/handlerPool';
import { parseArgs } from './args';
import { readText } from './files';
import { NO_HANDLERS_ENV } from './run';

const DEFAULT_PORT = 8083;
const DEFAULT_HOST = '127.0.0.1';

const HELP = `Usage: asl-workbench serve [options]

Answers the AWS Step Functions API (AWS JSON 1.0) on localhost, for the AWS CLI, the SDKs, SAM and
Terraform: create state machines (checked as AWS checks them), start executions that run in real
time, read their histories, send task callbacks. Credentials are accepted and not checked.
  --port N                 Port (default ${DEFAULT_PORT}; 0 picks a free one). The bound address is printed.
  --host HOST              Address to listen on (default ${DEFAULT_HOST}).
  --mock-config FILE       A mock file (Step Functions Local's MockConfigFile.json format, plus
                           "LocalHandlers"); also $SFN_MOCK_CONFIG. Start an execution of a test case
                           with stateMachineArn "<arn>#<TestCaseName>", as Step Functions Local does.
  --wait-time-scale X      Real seconds per second of Wait, retry interval and task timeout (default 1;
                           0: every Wait and retry interval is instant; also $WAIT_TIME_SCALE).
  --data-dir DIR           Keep state machines and executions in DIR across restarts; a Standard
                           execution that was running goes on after the restart.
  --lambda-endpoint URL    Send Lambda calls that neither a mock nor a local handler answers to a
                           Lambda Invoke API endpoint (e.g. sam local start-lambda); also $LAMBDA_ENDPOINT.
  --handler-timeout SECS   Real-time limit of one local handler or Lambda endpoint call (default ${DEFAULT_HANDLER_TIMEOUT_MS / 1000}).
  --no-handlers            Never run LocalHandlers (also ${NO_HANDLERS_ENV}=1).
  --echo-unmocked          A Task with no answer returns its input instead of failing.`;

export async function runServe(argv: string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<number> {
  const args = parseArgs(argv, {
    flags: ['--no-handlers', '--echo-unmocked', '--help', '-h'],
    values: ['--port', '--host', '--mock-config', '--wait-time-scale', '--data-dir', '--lambda-endpoint', '--handler-timeout'],
  });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  const fail = (message: string): number => {
    stderr.write(`asl-workbench serve: ${message}\n`);
    return 2;
  };
  if (args.positional.length) return fail(`unexpected argument "${args.positional[0]}".`);
  const port = Number(args.values.get('--port') ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port takes a port number, not "${args.values.get('--port')}".`);
  const scaleText = args.values.get('--wait-time-scale') ?? process.env.WAIT_TIME_SCALE ?? '1';
  const timeScale = Number(scaleText);
  if (!(timeScale >= 0) || !Number.isFinite(timeScale)) return fail(`--wait-time-scale takes a number of 0 or more, not "${scaleText}".`);
  const timeoutText = args.values.get('--handler-timeout');
  const handlerTimeoutMs = timeoutText === undefined ? DEFAULT_HANDLER_TIMEOUT_MS : Number(timeoutText) * 1000;
  if (!(handlerTimeoutMs > 0) || !Number.isFinite(handlerTimeoutMs))
    return fail(`--handler-timeout takes a number of seconds above 0, not "${timeoutText}".`);
  const lambdaEndpoint = args.values.get('--lambda-endpoint') ?? process.env.LAMBDA_ENDPOINT;
  if (lambdaEndpoint !== undefined && !/^https?:\/\/[^/]+/.test(lambdaEndpoint))
    return fail(`--lambda-endpoint takes an http(s) URL, not "${lambdaEndpoint}".`);

  let mocks: { text: string; config: ReturnType<typeof loadMockFile>['config'] } | undefined;
  let runner: HandlerPool | undefined;
  const mockPath = args.values.get('--mock-config') ?? process.env.SFN_MOCK_CONFIG;
  if (mockPath) {
    const r = readText(mockPath);
    if ('error' in r) return fail(r.error);
    const loaded = loadMockFile(r.text);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    for (const d of errors)
      stderr.write(`${mockPath}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${d.code} ${d.message}\n`);
    if (errors.length) return fail(`${mockPath} has ${errors.length} error(s); fix them before serving.`);
    mocks = { text: r.text, config: loaded.config };
    const env = process.env[NO_HANDLERS_ENV];
    const handlersOff = args.flags.has('--no-handlers') || (env !== undefined && env !== '' && env !== '0');
    if (!handlersOff && loaded.config.handlers.size > 0) {
      runner = new HandlerPool({
        baseDir: dirname(mockPath),
        onLog: (state, _stream, text) => {
          for (const line of text.replace(/\n$/, '').split('\n')) stderr.write(`[${state || 'handler'}] ${line}\n`);
        },
      });
    }
  }

  let endpoint: ReturnType<typeof createEndpoint>;
  try {
    endpoint = createEndpoint({
      timeScale,
      dataDir: args.values.get('--data-dir'),
      mocks,
      runner,
      lambdaEndpoint,
      handlerTimeoutMs,
      echoUnmocked: args.flags.has('--echo-unmocked'),
      log: (line) => stderr.write(`asl-workbench serve: ${line}\n`),
    });
  } catch (e) {
    return fail(`cannot open the data directory: ${(e as Error).message}`);
  }
  const { server } = endpoint;
  const host = args.values.get('--host') ?? DEFAULT_HOST;
  const listening = await new Promise<string | undefined>((resolve) => {
    server.once('error', (e) => resolve((e as Error).message));
    server.listen(port, host, () => resolve(undefined));
  });
  if (listening !== undefined) return fail(`cannot listen on ${host}:${port}: ${listening}`);
  const address = server.address() as AddressInfo;
  stdout.write(`asl-workbench serve: listening on http://${host.includes(':') ? `[${host}]` : host}:${address.port}\n`);
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  server.close();
  server.closeAllConnections();
  await runner?.dispose();
  // Running executions end with the process (their Waits would hold it open); with --data-dir
  // their journals are on disk (written synchronously) and they go on at the next start.
  process.exit(0);
}
