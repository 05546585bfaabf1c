/**
 * A template machine defined in a linked file (SAM DefinitionUri): the graph panel and the debug
 * adapter agree on where its breakpoints are. The language server's graph names the linked file as
 * its `source`, which is the file the adapter reads breakpoints in for that machine (Program.file);
 * on every line of it, the state the graph finds is the adapter's, and a breakpoint toggled on a
 * state from the graph lands on a line the adapter maps back to that state.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core/text';
import { loadProgram } from '../../server/src/debug/launch';
import { Locations } from '../../server/src/debug/locations';
import { breakpointPlace, nodeAtLine } from '../../client/src/debugBreakpoints';
import { LspClient } from '../lsp/client';
import { GRAPH_REQUEST, type GraphResult } from '../../protocol/panel';

/** A stuck request fails the test instead of hanging the suite. */
const TEST_MS = 30_000;

// A substitution above the states makes the built definition's offsets differ from the file's.
const FLOW = `Comment: \${Greeting}
StartAt: First
States:
  First:
    Type: Pass
    Next: Each
  Each:
    Type: Map
    ItemProcessor:
      StartAt: Inner
      States:
        Inner:
          Type: Pass
          End: true
    Next: Done
  Done:
    Type: Succeed
`;
const TEMPLATE = [
  'Transform: AWS::Serverless-2016-10-31',
  'Resources:',
  '  Flow:',
  '    Type: AWS::Serverless::StateMachine',
  '    Properties:',
  '      DefinitionUri: statemachine/flow.asl.yaml',
  '      DefinitionSubstitutions:',
  '        Greeting: a greeting much longer than its placeholder',
  '',
].join('\n');

test(
  "a linked definition's breakpoints: the graph's source is the adapter's file, and they agree on every line",
  { timeout: TEST_MS },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aslwb-linked-bp-'));
    mkdirSync(join(dir, 'statemachine'));
    writeFileSync(join(dir, 'statemachine', 'flow.asl.yaml'), FLOW);
    const templatePath = join(dir, 'template.yaml');
    writeFileSync(templatePath, TEMPLATE);
    const uri = pathToFileURL(templatePath).toString();

    const program = loadProgram({ program: templatePath, machine: 'Flow' });
    assert.ok(typeof program !== 'string', String(program));
    const locations = new Locations(program.analysis, program.position);

    const client = new LspClient();
    try {
      await client.initialize();
      await client.open(uri, TEMPLATE, 1, 'yaml');
      const graph = await client.request<GraphResult>(GRAPH_REQUEST, { uri, version: 1, machine: 'Flow' });
      assert.ok(graph.ok, JSON.stringify(graph));
      assert.equal(graph.source, pathToFileURL(program.file).toString(), "the graph's source is the file the adapter sets breakpoints in");
      const model = graph.graph.model;
      const source = graph.source!;
      const lines = new LineIndex(FLOW);
      const lineOf = (offset: number) => lines.positionAt(offset).line;
      const count = FLOW.split('\n').length;
      let inside = 0;
      for (let line = 0; line < count; line++) {
        const fromGraph = nodeAtLine(model, line, lineOf)?.name;
        assert.equal(fromGraph, locations.stateAtLine(line + 1)?.state.name, `line ${line + 1}`);
        if (fromGraph) inside++;
      }
      assert.ok(inside > 10, 'most lines are inside states');
      for (const node of model.nodes.filter((n) => n.kind === 'state')) {
        const place = breakpointPlace(node, source, lineOf);
        assert.equal(place?.uri, source);
        assert.equal(locations.stateAtLine(place!.line + 1)?.state.name, node.name, `a breakpoint toggled on ${node.name}`);
      }
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  },
);
