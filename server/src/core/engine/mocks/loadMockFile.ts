/**
 * Reads a mock file (Step Functions Local's MockConfigFile.json format plus our additions) and
 * reports its mistakes at their exact place. Pure: text in, data and diagnostics out.
 *
 * The format, as AWS documents it ("Configuration file for mocked service integrations"):
 *   { "StateMachines": { "<machine>": { "TestCases": { "<case>": { "<State>": "<response>" } } } },
 *     "MockedResponses": { "<response>": { "0": { "Return": ... }, "1-2": { "Throw": { "Error", "Cause" } } } } }
 * Ours: top-level "LocalHandlers": { "<function name>": "path/module.mjs#export" }, and in a test
 * case the reserved key "$test": { "Input", "ExpectedOutput", "ExpectedError", "ExpectedPath" }.
 */
import { parseDocument } from '../../parse';
import type { Tree } from '../../fastParse';
import type { LineIndex } from '../../text';
import type { Severity } from '../../types';
import { closest, didYouMean } from '../../suggest';
import {
  TEST_KEY,
  type DefinitionInfo,
  type HandlerRef,
  type LoadedMockFile,
  type LocalMachineRef,
  type MockAnswer,
  type MockConfig,
  type MockDiagnostic,
  type MockDiagnosticCode,
  type MockedResponse,
  type MockTestCase,
  type TestExpectations,
} from './types';

const TOP_KEYS = ['StateMachines', 'MockedResponses', 'LocalHandlers', 'LocalStateMachines'];
const LOCAL_MACHINE_KEYS = ['Definition', 'TestCase', 'StateMachine'];
const MACHINE_KEYS = ['TestCases'];
const ANSWER_KEYS = ['Return', 'Throw'];
const THROW_KEYS = ['Error', 'Cause'];
const TEST_KEYS = ['Input', 'ExpectedOutput', 'ExpectedError', 'ExpectedPath'];
const INDEX_KEY = /^(\d{1,9})(?:-(\d{1,9}))?$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const HANDLER_MODULE = /\.(mjs|cjs|js)$/;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A place in a test case that names a mocked response, kept for the checks that need everything read. */
interface Reference {
  machine: string;
  stateKey: number;
  response: number;
}

class Reader {
  readonly diagnostics: MockDiagnostic[] = [];
  readonly config: MockConfig = { stateMachines: new Map(), responses: new Map(), handlers: new Map() };
  readonly references: Reference[] = [];
  readonly responseNodes = new Map<string, number>();
  readonly handlerNodes = new Map<string, number>();
  readonly expectedPathNodes: { machine: string; node: number }[] = [];
  readonly testKeyNodes: { machine: string; node: number }[] = [];

  constructor(
    private readonly lines: LineIndex,
    /** The mock file's tree; nodes below are its indices. */
    readonly tree: Tree,
  ) {}

  /** A finding at a node (its index) or a range. */
  report(where: number | { offset: number; length: number }, severity: Severity, code: MockDiagnosticCode, message: string): void {
    const at = typeof where === 'number' ? this.tree.range(where) : where;
    const length = Math.max(1, at.length);
    this.diagnostics.push({ range: this.lines.rangeOf(at.offset, length), offset: at.offset, length, severity, code, message });
  }

  /** The entries of an object node, reporting every key after the first of the same name. */
  entries(obj: number, what: string): [string, number, number][] {
    const out: [string, number, number][] = [];
    const seen = new Set<string>();
    const tree = this.tree;
    for (const prop of tree.children(obj)) {
      const key = tree.keyNode(prop);
      const value = tree.valueNode(prop);
      if (key < 0 || value < 0) continue;
      const name = String(tree.keyText(prop));
      if (seen.has(name)) {
        this.report(
          key,
          'error',
          'mock-invalid-value',
          `Duplicate ${what} "${name}": only the first one is used; rename or remove this one.`,
        );
        continue;
      }
      seen.add(name);
      out.push([name, key, value]);
    }
    return out;
  }

  expectObject(node: number, what: string, example: string): boolean {
    if (this.tree.kindOf(node) === 'object') return true;
    this.report(node, 'error', 'mock-invalid-value', `${what} must be a JSON object, e.g. ${example}.`);
    return false;
  }

  unknownKey(key: number, name: string, known: string[], where: string): void {
    this.report(
      key,
      'warning',
      'mock-unknown-field',
      `Unknown field "${name}" in ${where}; expected ${known.map((k) => `"${k}"`).join(', ')}.${didYouMean(name, known)}`,
    );
  }
}

/**
 * Reads and checks a mock file. With `definition`, the test cases of the machine it names are
 * also checked against its states, and LocalHandlers against the functions it calls.
 */
export function loadMockFile(text: string, definition?: DefinitionInfo): LoadedMockFile {
  const doc = parseDocument(text, { placeholders: false });
  // Without a tree (nothing parsed) the reader reports ranges only.
  const r = new Reader(doc.lines, doc.tree as Tree);
  if (text.trim() === '') {
    r.report(
      { offset: 0, length: text.length },
      'error',
      'mock-json-syntax',
      'The mock file is empty: it must be a JSON object with "StateMachines" and "MockedResponses".',
    );
    return { config: r.config, diagnostics: r.diagnostics };
  }
  for (const e of doc.syntaxErrors) r.report(e, 'error', 'mock-json-syntax', e.message);
  if (!doc.tree) return { config: r.config, diagnostics: r.diagnostics };
  const root = 0;
  if (r.tree.kindOf(root) !== 'object') {
    r.report(
      root,
      'error',
      'mock-invalid-value',
      'A mock file must be a JSON object with "StateMachines", "MockedResponses" and optionally "LocalHandlers".',
    );
    return { config: r.config, diagnostics: r.diagnostics };
  }
  for (const [name, key, value] of r.entries(root, 'field')) {
    if (name === 'StateMachines') readMachines(r, value);
    else if (name === 'MockedResponses') readResponses(r, value);
    else if (name === 'LocalHandlers') readHandlers(r, value);
    else if (name === 'LocalStateMachines') readLocalMachines(r, value);
    else r.unknownKey(key, name, TOP_KEYS, 'the mock file');
  }
  crossCheck(r, definition);
  return { config: r.config, diagnostics: r.diagnostics };
}

function readMachines(r: Reader, node: number): void {
  if (!r.expectObject(node, '"StateMachines"', '{ "my-machine": { "TestCases": { ... } } }')) return;
  for (const [machineName, , machineNode] of r.entries(node, 'state machine')) {
    const machine = { name: machineName, testCases: new Map<string, MockTestCase>() };
    r.config.stateMachines.set(machineName, machine);
    if (!r.expectObject(machineNode, `State machine "${machineName}"`, '{ "TestCases": { "HappyPath": { "MyTask": "MyResponse" } } }'))
      continue;
    for (const [name, key, value] of r.entries(machineNode, 'field')) {
      if (name !== 'TestCases') {
        r.unknownKey(key, name, MACHINE_KEYS, `state machine "${machineName}"`);
        continue;
      }
      if (!r.expectObject(value, '"TestCases"', '{ "HappyPath": { "MyTask": "MyResponse" } }')) continue;
      for (const [caseName, , caseNode] of r.entries(value, 'test case')) {
        const testCase: MockTestCase = { name: caseName, states: new Map(), test: {} };
        machine.testCases.set(caseName, testCase);
        if (!r.expectObject(caseNode, `Test case "${caseName}"`, '{ "MyTask": "MyResponse" }')) continue;
        for (const [stateName, stateKey, responseNode] of r.entries(caseNode, 'state')) {
          if (stateName === TEST_KEY) {
            r.testKeyNodes.push({ machine: machineName, node: stateKey });
            testCase.test = readTest(r, responseNode, caseName, machineName);
          } else if (r.tree.kindOf(responseNode) !== 'string') {
            r.report(
              responseNode,
              'error',
              'mock-invalid-value',
              `The mock of state "${stateName}" must be the name of a mocked response (a string) from "MockedResponses".`,
            );
          } else {
            testCase.states.set(stateName, r.tree.string(responseNode)!);
            r.references.push({ machine: machineName, stateKey, response: responseNode });
          }
        }
      }
    }
  }
}

function readTest(r: Reader, node: number, caseName: string, machineName: string): TestExpectations {
  const test: TestExpectations = {};
  if (!r.expectObject(node, `"${TEST_KEY}" of test case "${caseName}"`, '{ "Input": { ... }, "ExpectedOutput": { ... } }')) return test;
  for (const [name, key, value] of r.entries(node, 'field')) {
    switch (name) {
      case 'Input':
        test.input = { value: valueOf(r.tree, value) };
        break;
      case 'ExpectedOutput':
        test.expectedOutput = { value: valueOf(r.tree, value) };
        break;
      case 'ExpectedError': {
        const expected = readExpectedError(r, value);
        if (expected) test.expectedError = expected;
        break;
      }
      case 'ExpectedPath':
        if (r.tree.kindOf(value) !== 'array' || !r.tree.children(value).every((c) => r.tree.kindOf(c) === 'string')) {
          r.report(
            value,
            'error',
            'mock-invalid-value',
            '"ExpectedPath" must be an array of state names, e.g. ["Validate", "Charge", "Done"].',
          );
        } else {
          test.expectedPath = r.tree.children(value).map((c) => r.tree.string(c)!);
          r.expectedPathNodes.push({ machine: machineName, node: value });
        }
        break;
      default:
        r.unknownKey(key, name, TEST_KEYS, `"${TEST_KEY}"`);
    }
  }
  if (test.expectedOutput && test.expectedError) {
    r.report(
      node,
      'error',
      'mock-invalid-value',
      `Test case "${caseName}" expects both an output and an error; an execution either succeeds or fails: keep one.`,
    );
  }
  return test;
}

function readExpectedError(r: Reader, node: number): { error: string; cause?: string } | undefined {
  const str = r.tree.string(node);
  if (str !== undefined) return { error: str };
  if (r.tree.kindOf(node) === 'object') {
    let error: string | undefined;
    let cause: string | undefined;
    for (const [name, key, value] of r.entries(node, 'field')) {
      if (!THROW_KEYS.includes(name)) r.unknownKey(key, name, THROW_KEYS, '"ExpectedError"');
      else if (r.tree.kindOf(value) !== 'string') r.report(value, 'error', 'mock-invalid-value', `"${name}" must be a string.`);
      else if (name === 'Error') error = r.tree.string(value);
      else cause = r.tree.string(value);
    }
    if (error !== undefined) return { error, cause };
  }
  r.report(
    node,
    'error',
    'mock-invalid-value',
    '"ExpectedError" must be an error name, e.g. "States.TaskFailed", or an object { "Error": ..., "Cause": ... }.',
  );
  return undefined;
}

function readResponses(r: Reader, node: number): void {
  if (!r.expectObject(node, '"MockedResponses"', '{ "MyResponse": { "0": { "Return": { ... } } } }')) return;
  for (const [name, key, value] of r.entries(node, 'mocked response')) {
    r.responseNodes.set(name, key);
    const response: MockedResponse = { name, entries: [] };
    r.config.responses.set(name, response);
    if (
      !r.expectObject(
        value,
        `Mocked response "${name}"`,
        '{ "0": { "Return": { ... } }, "1-2": { "Throw": { "Error": "...", "Cause": "..." } } }',
      )
    )
      continue;
    // Every well-formed index counts for overlaps and gaps, even when its answer is malformed.
    const indexed: { from: number; to: number; key: number; answer: MockAnswer | undefined }[] = [];
    for (const [indexText, indexKey, answerNode] of r.entries(value, 'invocation index')) {
      const range = readIndex(r, indexText, indexKey);
      const answer = readAnswer(r, answerNode, indexText);
      if (range) indexed.push({ ...range, key: indexKey, answer });
    }
    if (r.tree.children(value).length === 0) {
      r.report(
        key,
        'error',
        'mock-invalid-value',
        `Mocked response "${name}" has no answers: add one per invocation, e.g. "0": { "Return": { ... } }.`,
      );
    }
    indexed.sort((a, b) => a.from - b.from || a.to - b.to);
    let next = 0;
    for (const e of indexed) {
      if (e.from < next) {
        r.report(
          e.key,
          'error',
          'mock-invalid-index',
          `Invocation ${e.from === e.to ? e.from : `${e.from}-${e.to}`} is already answered by an earlier key of "${name}"; each invocation may have one answer.`,
        );
        continue;
      }
      if (e.from > next) {
        const missing = e.from - 1 === next ? `invocation ${next}` : `invocations ${next}-${e.from - 1}`;
        r.report(
          e.key,
          'warning',
          'mock-invalid-index',
          `"${name}" has no answer for ${missing} (indices count from 0, one per call, retries included): an execution that gets there fails. Add "${e.from - 1 === next ? next : `${next}-${e.from - 1}`}".`,
        );
      }
      if (e.answer) response.entries.push({ from: e.from, to: e.to, answer: e.answer });
      next = e.to + 1;
    }
  }
}

function readIndex(r: Reader, text: string, key: number): { from: number; to: number } | undefined {
  const m = INDEX_KEY.exec(text);
  if (!m) {
    r.report(
      key,
      'error',
      'mock-invalid-index',
      `"${text}" is not an invocation index: use a 0-based number ("0", "1") or an inclusive range ("1-2").`,
    );
    return undefined;
  }
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (to < from) {
    r.report(key, 'error', 'mock-invalid-index', `The range "${text}" runs backwards: write the lower index first, "${to}-${from}".`);
    return undefined;
  }
  return { from, to };
}

function readAnswer(r: Reader, node: number, indexText: string): MockAnswer | undefined {
  if (!r.expectObject(node, `Answer "${indexText}"`, '{ "Return": { ... } } or { "Throw": { "Error": "...", "Cause": "..." } }'))
    return undefined;
  let answer: MockAnswer | undefined;
  let kinds = 0;
  for (const [name, key, value] of r.entries(node, 'field')) {
    if (name === 'Return') {
      kinds++;
      answer = { kind: 'return', value: valueOf(r.tree, value) };
    } else if (name === 'Throw') {
      kinds++;
      answer = readThrow(r, value);
    } else r.unknownKey(key, name, ANSWER_KEYS, `answer "${indexText}"`);
  }
  if (kinds === 0) {
    r.report(node, 'error', 'mock-invalid-answer', `Answer "${indexText}" needs "Return" (the Task's result) or "Throw" (its error).`);
    return undefined;
  }
  if (kinds > 1) {
    r.report(
      node,
      'error',
      'mock-invalid-answer',
      `Answer "${indexText}" has both "Return" and "Throw"; an invocation either returns or throws: keep one.`,
    );
    return undefined;
  }
  return answer;
}

function readThrow(r: Reader, node: number): MockAnswer | undefined {
  if (!r.expectObject(node, '"Throw"', '{ "Error": "PaymentFailed", "Cause": "Card declined" }')) return undefined;
  let error: string | undefined;
  let cause: string | undefined;
  let named = false;
  for (const [name, key, value] of r.entries(node, 'field')) {
    if (!THROW_KEYS.includes(name)) r.unknownKey(key, name, THROW_KEYS, '"Throw"');
    else if (r.tree.kindOf(value) !== 'string') r.report(value, 'error', 'mock-invalid-answer', `"${name}" of "Throw" must be a string.`);
    else if (name === 'Error') error = r.tree.string(value);
    else cause = r.tree.string(value);
    if (name === 'Error') named = true;
  }
  if (error === undefined) {
    if (named) return undefined;
    r.report(
      node,
      'error',
      'mock-invalid-answer',
      '"Throw" needs "Error", the error name that Retry and Catch match, e.g. "Lambda.TimeoutException".',
    );
    return undefined;
  }
  if (cause === undefined)
    r.report(
      node,
      'warning',
      'mock-invalid-answer',
      '"Throw" has no "Cause"; the AWS documentation asks for both "Error" and "Cause" (strings).',
    );
  return { kind: 'throw', error, cause };
}

function readHandlers(r: Reader, node: number): void {
  if (!r.expectObject(node, '"LocalHandlers"', '{ "ProcessOrder": "handlers/order.mjs#handler" }')) return;
  for (const [name, key, value] of r.entries(node, 'function')) {
    if (!FUNCTION_NAME.test(name)) {
      const fromArn = /(?:^|:)function:([A-Za-z0-9_-]{1,64})(?::[^:]*)?$/.exec(name)?.[1];
      const hint = fromArn ? ` Write "${fromArn}".` : '';
      r.report(
        key,
        'error',
        'mock-invalid-handler',
        `"${name}" is not a Lambda function name (1-64 letters, digits, "-" or "_"): LocalHandlers keys are names, not ARNs.${hint}`,
      );
      continue;
    }
    const handler = r.tree.string(value);
    if (handler === undefined) {
      r.report(
        value,
        'error',
        'mock-invalid-handler',
        `The handler of "${name}" must be a string "path/to/module.mjs#export" (the path relative to the mock file).`,
      );
      continue;
    }
    const ref = parseHandlerRef(name, handler);
    if ('problem' in ref) {
      r.report(value, 'error', 'mock-invalid-handler', ref.problem);
      continue;
    }
    r.config.handlers.set(name, ref);
    r.handlerNodes.set(name, key);
  }
}

/** `LocalStateMachines`: `{ "<name or ARN>": { "Definition": "child.asl.json", "TestCase"?, "StateMachine"? } }`. */
function readLocalMachines(r: Reader, node: number): void {
  if (!r.expectObject(node, '"LocalStateMachines"', '{ "ChildMachine": { "Definition": "child.asl.json", "TestCase": "HappyPath" } }'))
    return;
  const machines = new Map<string, LocalMachineRef>();
  for (const [key, keyNode, value] of r.entries(node, 'state machine')) {
    if (!r.expectObject(value, `"LocalStateMachines"."${key}"`, '{ "Definition": "child.asl.json", "TestCase": "HappyPath" }')) continue;
    const ref: LocalMachineRef = { key, definition: '' };
    for (const [field, fieldKey, fieldValue] of r.entries(value, 'field')) {
      if (!LOCAL_MACHINE_KEYS.includes(field)) {
        r.unknownKey(fieldKey, field, LOCAL_MACHINE_KEYS, `"LocalStateMachines"."${key}"`);
        continue;
      }
      const text = r.tree.string(fieldValue);
      if (text === undefined || text === '') {
        r.report(fieldValue, 'error', 'mock-invalid-value', `"${field}" of "${key}" must be a non-empty string.`);
        continue;
      }
      if (field === 'Definition') ref.definition = text;
      else if (field === 'TestCase') ref.testCase = text;
      else ref.stateMachine = text;
    }
    if (ref.definition === '') {
      r.report(
        keyNode,
        'error',
        'mock-invalid-value',
        `"${key}" needs "Definition": the child's definition file, relative to the mock file.`,
      );
      continue;
    }
    machines.set(key, ref);
  }
  r.config.localMachines = machines;
}

/** `"path/to/module.mjs#export"` -> module and export (default `handler`). */
export function parseHandlerRef(functionName: string, text: string): HandlerRef | { problem: string } {
  const hash = text.lastIndexOf('#');
  const module = hash >= 0 ? text.slice(0, hash) : text;
  const exportName = hash >= 0 ? text.slice(hash + 1) : 'handler';
  if (module.trim() === '') return { problem: `The handler of "${functionName}" names no file: write "path/to/module.mjs#export".` };
  if (!HANDLER_MODULE.test(module)) {
    return { problem: `The handler file "${module}" must be a JavaScript module ending in .mjs (ES module), .cjs (CommonJS) or .js.` };
  }
  if (!IDENTIFIER.test(exportName)) {
    return {
      problem: `"${exportName}" is not an export name: write "${module}#handler" (or the name of the exported function; "handler" when omitted).`,
    };
  }
  return { functionName, module, exportName };
}

/** Checks that need the whole file read, and those against the definition. */
function crossCheck(r: Reader, definition: DefinitionInfo | undefined): void {
  const responses = r.config.responses;
  const used = new Set<string>();
  for (const ref of r.references) {
    const name = r.tree.string(ref.response)!;
    used.add(name);
    if (!responses.has(name)) {
      const hint = didYouMean(name, responses.keys());
      r.report(
        ref.response,
        'error',
        'mock-unknown-response',
        `No mocked response named "${name}" in "MockedResponses".${hint || ' Add it there, or fix the name.'}`,
      );
    }
  }
  for (const [name, key] of r.responseNodes) {
    if (!used.has(name)) r.report(key, 'hint', 'mock-unused', `Mocked response "${name}" is not used by any test case.`);
  }
  if (!definition) return;
  const states = definition.states;
  for (const ref of r.references) {
    if (ref.machine !== definition.machineName) continue;
    const stateName = r.tree.string(ref.stateKey)!;
    const state = states.get(stateName);
    if (!state) {
      const hint = didYouMean(stateName, states.keys());
      r.report(
        ref.stateKey,
        'error',
        'mock-unknown-state',
        `State machine "${definition.machineName}" has no state named "${stateName}".${hint || ' Mock keys are state names (case matters).'}`,
      );
    } else if (state.type !== 'Task' && !(state.type === 'Map' && state.hasItemReader)) {
      r.report(
        ref.stateKey,
        'warning',
        'mock-unused',
        `"${stateName}" is a ${state.type ?? 'untyped'} state: only Task states (and a Map's ItemReader) call services, so this mock is never used.`,
      );
    }
  }
  for (const { machine, node } of r.expectedPathNodes) {
    if (machine !== definition.machineName) continue;
    for (const item of r.tree.children(node)) {
      const name = r.tree.string(item)!;
      if (!states.has(name))
        r.report(
          item,
          'warning',
          'mock-unknown-state',
          `"ExpectedPath" names "${name}", which is not a state of "${definition.machineName}".${didYouMean(name, states.keys())}`,
        );
    }
  }
  if (states.has(TEST_KEY)) {
    for (const { machine, node } of r.testKeyNodes) {
      if (machine === definition.machineName)
        r.report(
          node,
          'warning',
          'mock-unknown-state',
          `"${TEST_KEY}" holds ASL Workbench's test settings, so the state of that name cannot be mocked in this file.`,
        );
    }
  }
  if (definition.lambdaFunctions.size > 0) {
    for (const [name, key] of r.handlerNodes) {
      if (definition.lambdaFunctions.has(name)) continue;
      const near = closest(name, definition.lambdaFunctions);
      if (near)
        r.report(
          key,
          'warning',
          'mock-invalid-handler',
          `No Task of "${definition.machineName}" calls a function named "${name}". Did you mean "${near}"?`,
        );
    }
  }
}

/**
 * The JSON value of a node as plain data (jsonc-parser's getNodeValue makes prototype-less
 * objects, which deep equality and user code do not expect). Like JSON.parse, the last of
 * duplicate keys wins, and "__proto__" is an ordinary key.
 */
function valueOf(tree: Tree, node: number): unknown {
  switch (tree.kindOf(node)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of tree.children(node)) {
        const value = tree.valueNode(prop);
        if (value < 0) continue;
        Object.defineProperty(out, String(tree.keyText(prop)), {
          value: valueOf(tree, value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return tree.children(node).map((c) => valueOf(tree, c));
    default:
      return tree.scalar(node);
  }
}
