// The graph panel's choices about the document its offsets are in (client/src/panel/source.ts,
// cursor.ts, client/src/debugBreakpoints.ts) and the mock-file text a run reads
// (client/src/panel/editorText.ts): a template machine defined in a linked file reveals, follows
// the cursor and sets breakpoints in that file; any other graph in the panel's own document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { LineIndex } from '../../server/src/core/text';
import { graphSource, revealColumn, revealTarget } from '../../client/src/panel/source';
import { cursorNodeId } from '../../client/src/panel/cursor';
import { breakpointPlace, breakpointsOnStates } from '../../client/src/debugBreakpoints';
import { editorText } from '../../client/src/panel/editorText';

const TEMPLATE_URI = 'file:///app/template.yaml';
const LINKED_URI = 'file:///app/statemachine/flow.asl.json';
const JSON_FLOW = `{
  "StartAt": "First Step",
  "States": {
    "First Step": { "Type": "Pass", "Next": "Done" },
    "Done": { "Type": "Succeed" }
  }
}
`;
const YAML_FLOW = `StartAt: Plain
States:
  Plain:
    Type: Pass
    Next: 'Quoted Name'
  'Quoted Name':
    Type: Succeed
`;

const modelOf = (text: string, syntax: 'json' | 'yaml') => graphOf(analyzeText(text, syntax)).model;
const idOf = (model: ReturnType<typeof modelOf>, name: string) => model.nodes.find((n) => n.name === name)!.id;
const textAt = (text: string) => (offset: number, length: number) => text.slice(offset, offset + length);
const linesOf = (text: string) => {
  const lines = new LineIndex(text);
  return (offset: number) => lines.positionAt(offset).line;
};

test("the graph's source: the server's `source` (a linked file) when it names one, else the panel's document", () => {
  assert.equal(graphSource(TEMPLATE_URI, LINKED_URI), LINKED_URI);
  assert.equal(graphSource(TEMPLATE_URI, undefined), TEMPLATE_URI);
});

test("reveal: the source document, at the state's name without its quotes (JSON, quoted YAML) or whole (plain YAML)", () => {
  const json = modelOf(JSON_FLOW, 'json');
  const first = revealTarget(json, idOf(json, 'First Step'), LINKED_URI, textAt(JSON_FLOW))!;
  assert.equal(first.uri, LINKED_URI);
  assert.equal(JSON_FLOW.slice(first.start, first.end), 'First Step');

  const yaml = modelOf(YAML_FLOW, 'yaml');
  for (const name of ['Plain', 'Quoted Name']) {
    const t = revealTarget(yaml, idOf(yaml, name), TEMPLATE_URI, textAt(YAML_FLOW))!;
    assert.equal(t.uri, TEMPLATE_URI);
    assert.equal(YAML_FLOW.slice(t.start, t.end), name);
  }
  assert.equal(revealTarget(json, 'no/such/node', LINKED_URI, textAt(JSON_FLOW)), undefined);
  assert.equal(revealTarget(undefined, idOf(json, 'Done'), LINKED_URI, textAt(JSON_FLOW)), undefined);
});

test('reveal: in the group already showing the source, else the one showing the template, else the fallback', () => {
  const FALLBACK = 1;
  const template = { uri: TEMPLATE_URI, viewColumn: 2 };
  const linked = { uri: LINKED_URI, viewColumn: 3 };
  assert.equal(revealColumn([template, linked], LINKED_URI, TEMPLATE_URI, FALLBACK), 3);
  assert.equal(revealColumn([template], LINKED_URI, TEMPLATE_URI, FALLBACK), 2);
  assert.equal(revealColumn([{ uri: 'file:///other.asl.json', viewColumn: 2 }], LINKED_URI, TEMPLATE_URI, FALLBACK), FALLBACK);
});

test("the cursor: only the source document's editor moves the mark; elsewhere it is left as it was", () => {
  const json = modelOf(JSON_FLOW, 'json');
  const inDone = JSON_FLOW.indexOf('"Succeed"');
  assert.equal(cursorNodeId(json, LINKED_URI, LINKED_URI, inDone), idOf(json, 'Done'));
  assert.equal(cursorNodeId(json, LINKED_URI, LINKED_URI, 0), null);
  // The same offset in the template means nothing about the linked file's states.
  assert.equal(cursorNodeId(json, LINKED_URI, TEMPLATE_URI, inDone), undefined);
  // An inline machine: the template is the source.
  assert.equal(cursorNodeId(json, TEMPLATE_URI, TEMPLATE_URI, inDone), idOf(json, 'Done'));
});

test("breakpoints: toggled into the source document on the name's line; only the source's are drawn on states", () => {
  const json = modelOf(JSON_FLOW, 'json');
  const lineOf = linesOf(JSON_FLOW);
  const done = json.nodes.find((n) => n.name === 'Done')!;
  const doneLine = JSON_FLOW.split('\n').findIndex((l) => l.includes('"Done": {'));
  assert.deepEqual(breakpointPlace(done, LINKED_URI, lineOf), { uri: LINKED_URI, line: doneLine });
  // Not a state (the start marker): no breakpoint.
  const marker = json.nodes.find((n) => n.kind !== 'state')!;
  assert.equal(breakpointPlace(marker, LINKED_URI, lineOf), undefined);

  const inLinked = { uri: LINKED_URI, line: doneLine };
  const inTemplate = { uri: TEMPLATE_URI, line: doneLine };
  assert.deepEqual(breakpointsOnStates(json, LINKED_URI, [inLinked, inTemplate], lineOf), [{ bp: inLinked, nodeId: done.id }]);
  assert.deepEqual(breakpointsOnStates(json, TEMPLATE_URI, [inLinked, inTemplate], lineOf), [{ bp: inTemplate, nodeId: done.id }]);
});

test("a mock file's text: the open editor's (unsaved edits included), else the file's; none over the limit", async () => {
  const MOCK_URI = 'file:///app/flow.mocks.json';
  const disk = new TextEncoder().encode('{"on": "disk"}');
  let reads = 0;
  const read = () => {
    reads++;
    return Promise.resolve(disk);
  };
  const open = [
    { uri: { toString: () => 'file:///app/other.json' }, getText: () => 'other' },
    { uri: { toString: () => MOCK_URI }, getText: () => '{"unsaved": true}' },
  ];
  assert.equal(await editorText(MOCK_URI, open, read), '{"unsaved": true}');
  assert.equal(reads, 0, 'an open document is not read from disk');
  assert.equal(await editorText(MOCK_URI, open.slice(0, 1), read), '{"on": "disk"}');
  assert.equal(await editorText(MOCK_URI, [], read, disk.byteLength - 1), undefined);
  assert.equal(await editorText(MOCK_URI, open, read, 3), undefined);
  await assert.rejects(
    editorText(MOCK_URI, [], () => Promise.reject(new Error('gone'))),
    /gone/,
  );
});
