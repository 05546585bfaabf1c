/**
 * The tests a mock file holds, as the Testing view shows them: machine -> test case, each with the
 * range of its key (where the gutter's run icon goes). Pure: the text in, ranges out, so the
 * extension, the server and node tests share it. A JSON file is a mock file when its top level
 * has "StateMachines" or "MockedResponses" (what the panel and `--mocks` accept).
 */
import { parseDocument } from '../parse';
import type { Range } from '../types';

export interface DiscoveredCase {
  name: string;
  /** The test case's key in the mock file. */
  range: Range;
  /** Whether "$test" says what to expect (else the case passes when the execution succeeds). */
  hasExpectations: boolean;
}

export interface DiscoveredMachine {
  /** The machine's name under "StateMachines": its definition is `<name>.asl.json`. */
  name: string;
  range: Range;
  cases: DiscoveredCase[];
}

const MOCK_FILE_KEYS = ['StateMachines', 'MockedResponses'];
const EXPECTATION_KEYS = ['ExpectedOutput', 'ExpectedError', 'ExpectedPath'];

/** The machines and test cases of a mock file, or undefined when the text is not one. */
export function discoverTests(text: string): DiscoveredMachine[] | undefined {
  const doc = parseDocument(text, { placeholders: false });
  const tree = doc.tree;
  if (!tree || tree.kindOf(0) !== 'object') return undefined;
  if (!MOCK_FILE_KEYS.some((k) => tree.property(0, k) >= 0)) return undefined;
  const rangeOf = (node: number): Range => {
    const r = tree.range(node);
    return doc.lines.rangeOf(r.offset, r.length);
  };
  const machines: DiscoveredMachine[] = [];
  const all = tree.get(0, 'StateMachines');
  if (all < 0 || tree.kindOf(all) !== 'object') return machines;
  for (const prop of tree.children(all)) {
    const name = tree.keyText(prop);
    const value = tree.valueNode(prop);
    if (name === undefined || value < 0 || tree.kindOf(value) !== 'object' || machines.some((m) => m.name === name)) continue;
    const machine: DiscoveredMachine = { name, range: rangeOf(tree.keyNode(prop)), cases: [] };
    const cases = tree.get(value, 'TestCases');
    if (cases >= 0 && tree.kindOf(cases) === 'object') {
      for (const c of tree.children(cases)) {
        const caseName = tree.keyText(c);
        const body = tree.valueNode(c);
        if (caseName === undefined || body < 0 || tree.kindOf(body) !== 'object' || machine.cases.some((x) => x.name === caseName))
          continue;
        const test = tree.get(body, '$test');
        const hasExpectations = test >= 0 && tree.kindOf(test) === 'object' && EXPECTATION_KEYS.some((k) => tree.property(test, k) >= 0);
        machine.cases.push({ name: caseName, range: rangeOf(tree.keyNode(c)), hasExpectations });
      }
    }
    machines.push(machine);
  }
  return machines;
}
