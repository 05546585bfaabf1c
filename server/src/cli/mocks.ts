/**
 * `asl-workbench mocks from-history`: a recorded execution (get-execution-history's JSON) becomes
 * a mock-file test case that `asl-workbench test` replays: a production incident as a regression test.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { machineNameOf } from '../core/engine/mocks';
import {
  addTestCase,
  historyInput,
  historyToResult,
  HistoryFormatError,
  readHistory,
  testCaseFromRun,
  type AwsDescribeExecution,
} from '../core/history';
import { parseArgs } from './args';
import { readText } from './files';
import type { Out } from './run';

const HELP = `Usage: asl-workbench mocks from-history HISTORY.json --definition FILE [options]

Turns a recorded execution into a test case of a mock file. HISTORY.json is what
"aws stepfunctions get-execution-history --execution-arn ARN --output json" writes (all pages).
Each Task state is mocked with what it answered, call by call ("0", "1", ...: a retried call is
one entry per attempt, "Throw" for a failure, "Return" for a result), and "$test" expects the
run's input, its top-level path, and its output or its error, so that
"asl-workbench test FILE --mocks MOCKS --test-case NAME" replays the run offline.
  --definition FILE        The state machine the execution ran (Parallel branches are told apart by it).
  --describe FILE          "aws stepfunctions describe-execution --output json" of the execution: its
                           input, output, status, error and cause win over the history's.
  --test-case NAME         The test case's name (default: the execution's name from --describe, else
                           HISTORY's file name without .json).
  --state-machine NAME     The machine's name in the mock file (default: FILE's name without .asl.json).
  --out MOCKS              Add the test case to this mock file (created if missing; a test case of the
                           same name is replaced). Without it, the mock file is printed.
Exit status: 0 written, 2 bad usage or unreadable input.`;

export async function runMocks(argv: string[], stdout: Out, stderr: Out): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    stdout.write(HELP + '\n');
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'from-history') {
    stderr.write(`asl-workbench mocks: unknown subcommand "${sub}" (there is: from-history).\n`);
    return 2;
  }
  const args = parseArgs(rest, {
    flags: ['--help', '-h'],
    values: ['--definition', '--describe', '--test-case', '--state-machine', '--out'],
  });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  const fail = (message: string): number => {
    stderr.write(`asl-workbench mocks from-history: ${message}\n`);
    return 2;
  };
  if (args.positional.length !== 1) return fail('give one HISTORY.json.');
  const defFile = args.values.get('--definition');
  if (defFile === undefined) return fail('--definition FILE is required.');
  const historyFile = args.positional[0];
  const read = (file: string, what: string): unknown => {
    const t = readText(file);
    if ('error' in t) throw new HistoryFormatError(t.error);
    try {
      return JSON.parse(t.text);
    } catch (e) {
      throw new HistoryFormatError(`${file} (${what}) is not valid JSON: ${(e as Error).message}`);
    }
  };
  try {
    const history = readHistory(read(historyFile, 'the history'));
    if (history.nextToken)
      stderr.write(
        `asl-workbench mocks from-history: ${historyFile} has a nextToken: the history has more pages; the test case covers the events it has.\n`,
      );
    const definition = read(defFile, 'the definition');
    const describeFile = args.values.get('--describe');
    const describe = describeFile !== undefined ? (read(describeFile, 'describe-execution') as AwsDescribeExecution) : undefined;
    const result = historyToResult(history, definition, describe);
    const name = args.values.get('--test-case') ?? describe?.name ?? basename(historyFile).replace(/\.json$/i, '');
    const machine = args.values.get('--state-machine') ?? machineNameOf(defFile);
    const tc = testCaseFromRun(result, historyInput(history, describe), name);
    const outFile = args.values.get('--out');
    const existing = outFile !== undefined && existsSync(outFile) ? read(outFile, 'the mock file') : undefined;
    if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing)))
      return fail(`${outFile} is not a mock file (a JSON object).`);
    const { file, replaced } = addTestCase(existing as Record<string, unknown> | undefined, machine, name, tc);
    const text = JSON.stringify(file, null, 2) + '\n';
    if (outFile === undefined) stdout.write(text);
    else {
      writeFileSync(outFile, text);
      const mocked = Object.keys(tc.testCase).filter((k) => k !== '$test').length;
      stderr.write(
        `${replaced ? 'Replaced' : 'Added'} test case "${name}" of "${machine}" in ${outFile}: ${result.status}, ${result.path.length} top-level states, ${mocked} mocked Task state${mocked === 1 ? '' : 's'}.\n`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof HistoryFormatError) return fail(e.message);
    throw e;
  }
}
