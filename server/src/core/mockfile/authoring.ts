/**
 * Writing mock files: a new file for a machine (a test case mocking each Task state), a test case
 * made from a run (its input, each task's answers in order, and the result as `$test`
 * expectations), and a handler stub with its LocalHandlers entry. Additions to an existing file
 * are text edits at the end of the objects they extend, in the file's own indentation, so the
 * rest of the file stays as it was.
 */
import type { ExecutionResult } from '../engine/types';
import type { Machine } from '../model';
import type { TextEdit } from '../language/types';
import type { Tree } from '../tree';
import { indentOf } from '../text';
import { TEST_KEY } from '../engine/mocks/types';
import { readOutline } from './outline';

const INDENT = '  ';
/** History events that end a task with its result, and with an error. */
const TASK_SUCCEEDED = /^(Task|LambdaFunction|Activity)Succeeded$/;
const TASK_FAILED = /^(Task|LambdaFunction|Activity)(Failed|TimedOut)$/;

type Answer = { Return: unknown } | { Throw: { Error: string; Cause?: string } };

/** A new mock file for `machineName`: one test case, "HappyPath", answering each Task state with an empty object. */
export function mockFileSkeleton(machine: Machine, machineName: string): string {
  const responses: Record<string, Record<string, Answer>> = {};
  const testCase: Record<string, unknown> = {};
  for (const s of machine.states) {
    if (s.type !== 'Task' || s.name in testCase) continue;
    const name = `${s.name}Succeeds`;
    testCase[s.name] = name;
    responses[name] = { '0': { Return: {} } };
  }
  testCase[TEST_KEY] = { Input: {} };
  const file = { StateMachines: { [machineName]: { TestCases: { HappyPath: testCase } } }, MockedResponses: responses };
  return JSON.stringify(file, null, 2) + '\n';
}

/** What a test case made from a run holds. */
export interface RecordedCase {
  testCase: Record<string, unknown>;
  responses: Record<string, Record<string, Answer>>;
}

/** A run as a test case: each task's answers by invocation (retries included), the input, and the outcome to expect. */
export function recordRun(caseName: string, input: unknown, result: ExecutionResult, taken: ReadonlySet<string> = new Set()): RecordedCase {
  const answers = new Map<string, Answer[]>();
  for (const e of result.events) {
    if (e.stateName === undefined) continue;
    let answer: Answer | undefined;
    if (TASK_SUCCEEDED.test(e.type)) answer = { Return: e.details?.output ?? null };
    else if (TASK_FAILED.test(e.type))
      answer = { Throw: { Error: String(e.details?.error ?? 'States.TaskFailed'), Cause: String(e.details?.cause ?? '') } };
    if (!answer) continue;
    const list = answers.get(e.stateName);
    if (list) list.push(answer);
    else answers.set(e.stateName, [answer]);
  }
  const testCase: Record<string, unknown> = {};
  const responses: Record<string, Record<string, Answer>> = {};
  for (const [state, list] of answers) {
    const name = unique(`${caseName}: ${state}`, (n) => taken.has(n) || n in responses);
    testCase[state] = name;
    responses[name] = Object.fromEntries(list.map((a, i) => [String(i), a]));
  }
  const expectations: Record<string, unknown> = { Input: input };
  if (result.status === 'SUCCEEDED') expectations.ExpectedOutput = result.output ?? null;
  else if (result.error !== undefined)
    expectations.ExpectedError = result.cause !== undefined ? { Error: result.error, Cause: result.cause } : result.error;
  expectations.ExpectedPath = result.path;
  testCase[TEST_KEY] = expectations;
  return { testCase, responses };
}

/**
 * Adds a test case made from a run to the mock file's text (empty: a new file), under
 * `StateMachines.<machine>.TestCases`, with its responses in `MockedResponses`. The case is named
 * `caseName`, or `caseName 2`, ... when that name is taken.
 */
export function addTestCase(
  text: string,
  machineName: string,
  caseName: string,
  input: unknown,
  result: ExecutionResult,
): { edits: TextEdit[]; caseName: string } {
  return addRecordedCase(text, machineName, caseName, (name, taken) => recordRun(name, input, result, taken));
}

/**
 * Adds the test case `record` makes (called with the free name and the response names taken) to
 * the mock file's text, as addTestCase does: the same edits for any recorder (a run, a history).
 */
export function addRecordedCase(
  text: string,
  machineName: string,
  caseName: string,
  record: (name: string, takenResponses: ReadonlySet<string>) => RecordedCase,
): { edits: TextEdit[]; caseName: string } {
  const outline = readOutline(text);
  const tree = outline.tree;
  const existing = outline.machines.find((m) => m.name === machineName)?.testCases.map((c) => c.name) ?? [];
  const name = unique(caseName, (n) => existing.includes(n));
  const recorded = record(name, new Set(outline.responses.keys()));
  if (!tree || outline.root < 0) {
    const file = { StateMachines: { [machineName]: { TestCases: { [name]: recorded.testCase } } }, MockedResponses: recorded.responses };
    return { edits: [{ offset: 0, length: text.length, newText: JSON.stringify(file, null, 2) + '\n' }], caseName: name };
  }
  const edits = new Additions(text, tree);
  edits.addAt(outline.root, ['StateMachines', machineName, 'TestCases', name], recorded.testCase);
  for (const [key, value] of Object.entries(recorded.responses)) edits.addAt(outline.root, ['MockedResponses', key], value);
  return { edits: edits.done(), caseName: name };
}

/** A JavaScript handler for a Lambda function, as LocalHandlers runs it (an ES module exporting `handler`). */
export function handlerStub(functionName: string): string {
  return [
    `// Local handler of the Lambda function "${functionName}" for dry runs (LocalHandlers in the mock file).`,
    '// It gets the Payload the state sends; what it returns becomes the Payload of the result.',
    'export const handler = async (event) => {',
    '  return event;',
    '};',
    '',
  ].join('\n');
}

/** The LocalHandlers entry of `functionName` ("path#handler", the path relative to the mock file). */
export function addLocalHandler(text: string, functionName: string, modulePath: string): TextEdit[] {
  const outline = readOutline(text);
  const tree = outline.tree;
  const ref = `${modulePath}#handler`;
  if (!tree || outline.root < 0)
    return [
      {
        offset: 0,
        length: text.length,
        newText: JSON.stringify({ LocalHandlers: { [functionName]: ref }, StateMachines: {}, MockedResponses: {} }, null, 2) + '\n',
      },
    ];
  const existing = outline.handlers.find((h) => h.name === functionName);
  if (existing && existing.value >= 0) return [{ ...tree.range(existing.value), newText: JSON.stringify(ref) }];
  const edits = new Additions(text, tree);
  edits.addAt(outline.root, ['LocalHandlers', functionName], ref);
  return edits.done();
}

function unique(base: string, taken: (name: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base} ${i}`)) return `${base} ${i}`;
}

/**
 * New members at the end of existing objects, the missing levels of a path created on the way;
 * several additions to one object become one edit (they would otherwise share an offset).
 */
class Additions {
  private readonly byObject = new Map<number, [string, unknown][]>();
  constructor(
    private readonly text: string,
    private readonly tree: Tree,
  ) {}

  addAt(obj: number, path: string[], value: unknown): void {
    let at = obj;
    let i = 0;
    for (; i < path.length - 1; i++) {
      const next = this.tree.get(at, path[i]);
      if (this.tree.kindOf(next) !== 'object') break;
      at = next;
    }
    // Build the levels that are missing around the value: {a: {b: value}}.
    let nested = value;
    for (let j = path.length - 1; j > i; j--) nested = { [path[j]]: nested };
    const pending = this.byObject.get(at);
    const merged = pending?.find(([k]) => k === path[i]);
    if (merged && typeof merged[1] === 'object' && merged[1] !== null) Object.assign(merged[1] as object, nested as object);
    else if (pending) pending.push([path[i], nested]);
    else this.byObject.set(at, [[path[i], nested]]);
  }

  done(): TextEdit[] {
    return [...this.byObject].map(([obj, members]) => this.insert(obj, members));
  }

  private insert(obj: number, members: [string, unknown][]): TextEdit {
    const { text, tree } = this;
    const props = tree.children(obj);
    const last = props[props.length - 1];
    const open = tree.range(obj).offset;
    const outer = indentOf(text, open);
    const indent = last !== undefined ? indentOf(text, tree.range(last).offset) : outer + INDENT;
    const body = members
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v, null, 2).replace(/\n/g, `\n${indent}`)}`)
      .join(`,\n${indent}`);
    if (last === undefined) {
      const close = open + tree.range(obj).length - 1;
      return { offset: open + 1, length: close - open - 1, newText: `\n${indent}${body}\n${outer}` };
    }
    const r = tree.range(last);
    return { offset: r.offset + r.length, length: 0, newText: `,\n${indent}${body}` };
  }
}
