/**
 * The graph and the adapter agree on which state a breakpoint's line means: the extension's
 * nodeAtLine (over the graph model's offsets) against the adapter's Locations (over the analysis),
 * on every line of JSON and YAML machines; and a breakpoint toggled on a state goes on its name's line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeText, syntaxOfPath } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { LineIndex } from '../../server/src/core/text';
import { Locations } from '../../server/src/debug/locations';
import { breakpointLine, nodeAtLine } from '../../client/src/debugBreakpoints';
import { ARTICLE, FIXTURES, ORDERS, lineOf } from './client';

for (const file of [ARTICLE, ORDERS, join(FIXTURES, 'orders.asl.yaml'), join(FIXTURES, 'counter.asl.json')]) {
  test(`every line of ${file.replace(/^.*[\\/]/, '')}: the graph's state is the adapter's`, () => {
    const text = readFileSync(file, 'utf8');
    const analysis = analyzeText(text, syntaxOfPath(file));
    const model = graphOf(analysis).model;
    const lines = new LineIndex(text);
    const lineOfOffset = (o: number) => lines.positionAt(o).line;
    const locations = new Locations(analysis);
    const count = text.split('\n').length;
    let inside = 0;
    for (let line = 0; line < count; line++) {
      const fromGraph = nodeAtLine(model, line, lineOfOffset)?.name;
      const fromAdapter = locations.stateAtLine(line + 1)?.state.name;
      assert.equal(fromGraph, fromAdapter, `line ${line + 1}`);
      if (fromGraph) inside++;
    }
    assert.ok(inside > 5, 'most lines are inside states');
  });
}

test('a breakpoint toggled on a state goes on its name line; a nested state is found before its Map', () => {
  const text = readFileSync(ORDERS, 'utf8');
  const model = graphOf(analyzeText(text, 'json')).model;
  const lines = new LineIndex(text);
  const lineOfOffset = (o: number) => lines.positionAt(o).line;
  const price = model.nodes.find((n) => n.name === 'Price')!;
  assert.equal(breakpointLine(price, lineOfOffset), lineOf(ORDERS, '"Price": {') - 1);
  assert.equal(
    nodeAtLine(model, lineOf(ORDERS, '"Resource": "arn:aws:lambda:us-east-1:123456789012:function:Price"') - 1, lineOfOffset)?.name,
    'Price',
  );
  assert.equal(nodeAtLine(model, lineOf(ORDERS, '"ItemsPath"') - 1, lineOfOffset)?.name, 'Each Item');
  assert.equal(nodeAtLine(model, 0, lineOfOffset), undefined);
});
