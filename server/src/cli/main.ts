/**
 * `asl-workbench`: the core wired to files and exit codes.
 * Exit codes: 0 success, 1 findings (errors) or failure, 2 bad usage or unreadable input.
 */
import { runCheck } from './check';
import { runRun } from './run';
import { runTest } from './test';
import { runGraph } from './graph';
import { runTestState } from './testState';
import { runMocks } from './mocks';
import { runDebugAdapter } from './debugAdapter';
import { runServe } from './serve';
import { runConvert } from './convert';
import { UsageError } from './args';

type Command = (argv: string[], stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream) => number | Promise<number>;

/** Every command, one line each; each lives in its own file. */
const COMMANDS: Record<string, Command> = {
  check: runCheck,
  run: runRun,
  test: runTest,
  graph: runGraph,
  'test-state': runTestState,
  mocks: runMocks,
  'debug-adapter': runDebugAdapter,
  serve: runServe,
  convert: runConvert,
};

const USAGE = `Usage: asl-workbench <command> [options]

Commands:
  check [--format text|json|aws|sarif] [--type STANDARD|EXPRESS] [--machine ID] [--no-placeholders] FILE|DIR...
                                                   Validate state machines (*.asl.json, *.asl.yaml, *.asl, and those
                                                   inside CloudFormation/SAM/CDK templates and
                                                   serverless.yml): errors are what AWS rejects at
                                                   creation. Exit 0 when no errors, 1 with errors, 2 on
                                                   bad usage.
  run FILE [--input JSON|@FILE] [--mocks FILE] [--machine ID] [--test-case NAME] [--state-machine NAME]
      [--echo-unmocked] [--handler-timeout SECS] [--no-handlers] [--type STANDARD|EXPRESS] [--strict]
      [--time-limit SECS] [--memory-limit MB] [--json]
                                                   Dry-run a state machine locally against mocks and
                                                   local Lambda handlers. Exit 0 SUCCEEDED, 1 otherwise.
  test FILE --mocks FILE [--machine ID] [--test-case NAME] [--no-handlers] [--strict] [--json] [--coverage ...]
                                                   Run every test case of a mock file and check its
                                                   expectations. Exit 0 all pass, 1 any failure.
  test-state --request FILE|- | --definition FILE [--state-name NAME] [--input JSON] [--inspection-level L]
                                                   Test one state offline with AWS's TestState request
                                                   and response. Exit 0 SUCCEEDED, 1 otherwise.
  mocks from-history HISTORY.json --definition FILE [--describe FILE] [--test-case NAME] [--out MOCKS]
                                                   Turn a recorded execution into a test case that
                                                   replays it.
  graph FILE [--format svg|json|dot] [--out FILE] [--machine ID]
                                                   Draw the state machine: a standalone SVG, the graph
                                                   model with its layout (JSON), or Graphviz DOT.
  debug-adapter                                    The Debug Adapter Protocol on stdin/stdout (debug
                                                   type "asl"): breakpoints on states, stepping, step back.
  serve [--port 8083] [--mock-config FILE] [--wait-time-scale X] [--data-dir DIR] [--lambda-endpoint URL]
                                                   A local Step Functions endpoint (AWS API) for the
                                                   AWS CLI, SDKs, SAM and Terraform.
  convert FILE --to yaml|json [--out FILE]         Write the machine in the other syntax (block-style
                                                   YAML or JSON), key order kept.
  help                                             Show this help.

Run "asl-workbench <command> --help" for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command !== undefined ? COMMANDS[command] : undefined;
  if (run) return run(rest, process.stdout, process.stderr);
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    case '--version':
    case '-v':
      process.stdout.write(`${VERSION}\n`);
      return 0;
    default:
      process.stderr.write(`asl-workbench: unknown command "${command}".\n\n${USAGE}\n`);
      return 2;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'dev';

// `asl-workbench run ... | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`asl-workbench: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`asl-workbench: internal error: ${(err as Error)?.message ?? String(err)}\n`);
      process.exitCode = 2;
    }
  },
);
