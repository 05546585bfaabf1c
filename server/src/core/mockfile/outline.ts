/**
 * The mock file as a document: where its machines, test cases, mocked states, responses and
 * handlers are, by node index, read through the named tree API (tree.ts). The editor features
 * (diagnostics, completion, hover, rename, refusal of a broken test case) all start here.
 */
import { parseDocument, type ParsedDocument } from '../parse';
import type { Tree } from '../tree';
import { TEST_KEY } from '../engine/mocks/types';

/** One `"<State>": "<response>"` entry of a test case. */
export interface MockedStateEntry {
  name: string;
  /** The property, its key node and its value node (-1 while being typed). */
  prop: number;
  key: number;
  value: number;
}

export interface OutlineTestCase {
  name: string;
  key: number;
  /** The test case's object (or whatever value it has). */
  node: number;
  states: MockedStateEntry[];
  /** `$test.ExpectedPath`'s array node, or -1. */
  expectedPath: number;
}

export interface OutlineMachine {
  name: string;
  key: number;
  node: number;
  testCases: OutlineTestCase[];
}

export interface MockOutline {
  doc: ParsedDocument;
  tree: Tree | undefined;
  /** The root object's index, or -1. */
  root: number;
  machines: OutlineMachine[];
  /** `MockedResponses` entries by name (first of a name): the key node and the value node. */
  responses: Map<string, { key: number; node: number }>;
  /** `MockedResponses`' object, or -1. */
  responsesNode: number;
  /** `LocalHandlers` entries: the key and the value node. */
  handlers: { name: string; key: number; value: number }[];
  handlersNode: number;
}

/** The top-level keys that make a JSON document a mock file (and not a state machine). */
const MOCK_KEYS = ['StateMachines', 'MockedResponses'];

/** True when the text's top level is an object with StateMachines or MockedResponses and no States. */
export function looksLikeMockFile(tree: Tree | undefined): boolean {
  if (!tree || tree.size === 0 || tree.kindOf(0) !== 'object') return false;
  if (tree.property(0, 'States') >= 0 || tree.property(0, 'StartAt') >= 0) return false;
  return MOCK_KEYS.some((k) => tree.property(0, k) >= 0);
}

/** The properties of an object node as [key text, property] pairs (none for other nodes). */
export function entriesOf(tree: Tree, obj: number): { name: string; prop: number }[] {
  if (tree.kindOf(obj) !== 'object') return [];
  const out: { name: string; prop: number }[] = [];
  for (const prop of tree.children(obj)) {
    const name = tree.keyText(prop);
    if (name !== undefined) out.push({ name, prop });
  }
  return out;
}

export function readOutline(text: string): MockOutline {
  const doc = parseDocument(text, { placeholders: false });
  const tree = doc.tree;
  const root = tree && tree.size > 0 && tree.kindOf(0) === 'object' ? 0 : -1;
  const outline: MockOutline = { doc, tree, root, machines: [], responses: new Map(), responsesNode: -1, handlers: [], handlersNode: -1 };
  if (!tree || root < 0) return outline;
  const machinesNode = tree.get(root, 'StateMachines');
  for (const { name, prop } of entriesOf(tree, machinesNode)) {
    const node = tree.valueNode(prop);
    const machine: OutlineMachine = { name, key: tree.keyNode(prop), node, testCases: [] };
    outline.machines.push(machine);
    for (const c of entriesOf(tree, tree.get(node, 'TestCases'))) {
      const caseNode = tree.valueNode(c.prop);
      const testCase: OutlineTestCase = { name: c.name, key: tree.keyNode(c.prop), node: caseNode, states: [], expectedPath: -1 };
      machine.testCases.push(testCase);
      for (const s of entriesOf(tree, caseNode)) {
        if (s.name === TEST_KEY) {
          const path = tree.get(tree.valueNode(s.prop), 'ExpectedPath');
          if (tree.kindOf(path) === 'array') testCase.expectedPath = path;
          continue;
        }
        testCase.states.push({ name: s.name, prop: s.prop, key: tree.keyNode(s.prop), value: tree.valueNode(s.prop) });
      }
    }
  }
  outline.responsesNode = tree.get(root, 'MockedResponses');
  for (const { name, prop } of entriesOf(tree, outline.responsesNode)) {
    if (!outline.responses.has(name)) outline.responses.set(name, { key: tree.keyNode(prop), node: tree.valueNode(prop) });
  }
  outline.handlersNode = tree.get(root, 'LocalHandlers');
  for (const { name, prop } of entriesOf(tree, outline.handlersNode)) {
    outline.handlers.push({ name, key: tree.keyNode(prop), value: tree.valueNode(prop) });
  }
  return outline;
}

/** True when offset lies inside node i's text (its end included: a cursor after the last character). */
export function contains(tree: Tree, i: number, offset: number): boolean {
  if (i < 0) return false;
  const r = tree.range(i);
  return offset >= r.offset && offset <= r.offset + r.length;
}
