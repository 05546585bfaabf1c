import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, parseDocument } from '../../server/src/core';
import { documentSymbols, foldingRanges, format, selectionRanges, type AslSymbol } from '../../server/src/core/language';
import { applyEdits, at, covered } from './language-helpers';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { LineIndex } from '../../server/src/core/text';
import { generateMachine } from '../fixtures/generate';

const MACHINE = `{
  "StartAt": "Split",
  "States": {
    "Split": {
      "Type": "Parallel",
      "Branches": [
        { "StartAt": "Left", "States": { "Left": { "Type": "Pass", "End": true } } },
        { "StartAt": "Right", "States": { "Right": { "Type": "Succeed" } } }
      ],
      "Next": "Each"
    },
    "Each": {
      "Type": "Map",
      "ItemProcessor": {
        "StartAt": "Item",
        "States": { "Item": { "Type": "Pass", "End": true } }
      },
      "End": true
    }
  }
}`;

function outline(symbols: AslSymbol[]): unknown[] {
  return symbols.map((s) => (s.children.length ? [`${s.name} (${s.detail})`, outline(s.children)] : `${s.name} (${s.detail})`));
}

test('document symbols: a tree of states, branches and processors with their types', () => {
  const machine = buildModel(parseDocument(MACHINE));
  const symbols = documentSymbols(machine);
  assert.deepEqual(outline(symbols), [
    [
      'Split (Parallel)',
      [
        ['Branch 1 (1 state)', ['Left (Pass)']],
        ['Branch 2 (1 state)', ['Right (Succeed)']],
      ],
    ],
    ['Each (Map)', [['ItemProcessor (1 state)', ['Item (Pass)']]]],
  ]);
  const split = symbols[0];
  assert.equal(covered(MACHINE, split.selection), '"Split"');
  assert.ok(covered(MACHINE, split.range).startsWith('"Split": {') && covered(MACHINE, split.range).endsWith('}'));
  const processor = symbols[1].children[0];
  assert.equal(processor.kind, 'processor');
  assert.equal(covered(MACHINE, processor.selection), '"ItemProcessor"');
  for (const s of [split, ...split.children, processor]) {
    assert.ok(
      s.selection.offset >= s.range.offset && s.selection.offset + s.selection.length <= s.range.offset + s.range.length,
      `${s.name}: selection inside range`,
    );
  }
});

test('document symbols of a half-typed document and of a non-object', () => {
  const machine = buildModel(parseDocument('{ "StartAt": "A", "States": { "A": { "Type": "Pa'));
  assert.deepEqual(outline(documentSymbols(machine)), ['A (Pa)'], 'the type as typed so far');
  assert.deepEqual(documentSymbols(buildModel(parseDocument('[1, 2]'))), []);
});

test('folding ranges: multi-line objects and arrays, the closing line left visible', () => {
  const doc = parseDocument(MACHINE);
  const ranges = foldingRanges(doc);
  assert.deepEqual(ranges[0], { startLine: 0, endLine: 19 });
  assert.ok(
    ranges.some((r) => r.startLine === 5 && r.endLine === 7),
    'Branches',
  );
  assert.ok(
    ranges.some((r) => r.startLine === 13 && r.endLine === 15),
    'ItemProcessor',
  );
  assert.ok(!ranges.some((r) => r.startLine === 6), 'one-line objects do not fold');
  const limited = foldingRanges(doc, 2);
  assert.deepEqual(
    limited,
    [
      { startLine: 0, endLine: 19 },
      { startLine: 2, endLine: 18 },
    ],
    'the outermost are kept',
  );
});

test('selection ranges: string content, string, property, object, ... up to the document', () => {
  const { text, offset, machine } = at(MACHINE.replace('"Next": "Each"', '"Next": "Ea|ch"'));
  const spans = selectionRanges(machine.doc, offset).map((s) => covered(text, s));
  assert.equal(spans[0], 'Each');
  assert.equal(spans[1], '"Each"');
  assert.equal(spans[2], '"Next": "Each"');
  assert.ok(spans[3].startsWith('{\n      "Type": "Parallel"'));
  assert.equal(spans[spans.length - 1], text);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].length > spans[i - 1].length);
});

/** The edits of a format the test expects to succeed. */
function formatEdits(...args: Parameters<typeof format>) {
  const r = format(...args);
  assert.ok('edits' in r, 'error' in r ? r.error : '');
  return r.edits;
}

test('format: indentation from the editor options, key order and values untouched', () => {
  const text = '{"StartAt":"B","Comment":"keep order","States":{"B":{"Type":"Pass","End":true,"Result":[1,2]}}}';
  const spaces = applyEdits(text, formatEdits(text, { tabSize: 2, insertSpaces: true }));
  assert.equal(
    spaces,
    `{
  "StartAt": "B",
  "Comment": "keep order",
  "States": {
    "B": {
      "Type": "Pass",
      "End": true,
      "Result": [
        1,
        2
      ]
    }
  }
}`,
  );
  const tabs = applyEdits(text, formatEdits(text, { tabSize: 4, insertSpaces: false, insertFinalNewline: true }));
  assert.match(tabs, /^\{\n\t"StartAt": "B",\n\t"Comment"/);
  assert.ok(tabs.endsWith('}\n'));
  assert.deepEqual(JSON.parse(tabs), JSON.parse(text));
  // A range formats only what it covers.
  const partial = applyEdits(
    spaces.replace('"End": true', '"End":     true'),
    formatEdits(spaces.replace('"End": true', '"End":     true'), { tabSize: 2, insertSpaces: true }, { offset: 0, length: 20 }),
  );
  assert.match(partial, /"End":     true/);
});

test("folding ranges read from the compact tree are the ones a walk of jsonc-parser's tree finds", () => {
  /** The walk over jsonc-parser's nodes (objects, arrays and properties; depth counts all three). */
  function reference(text: string, limit = Infinity): { startLine: number; endLine: number }[] {
    const lines = new LineIndex(text);
    const found: { startLine: number; endLine: number; depth: number }[] = [];
    const stack: [JsonNode, number][] = [[parseTree(text)!, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (node.type === 'object' || node.type === 'array') {
        const start = lines.positionAt(node.offset).line;
        const end = lines.positionAt(node.offset + node.length).line;
        if (end - start >= 2 || (end - start === 1 && !/[}\]]/.test(text[node.offset + node.length - 1] ?? '')))
          found.push({ startLine: start, endLine: end - 1, depth });
      }
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) if (children[i].children) stack.push([children[i], depth + 1]);
    }
    const kept =
      found.length > limit
        ? [...found]
            .sort((a, b) => a.depth - b.depth)
            .slice(0, limit)
            .sort((a, b) => a.startLine - b.startLine)
        : found;
    return kept.map(({ startLine, endLine }) => ({ startLine, endLine }));
  }
  const texts = [generateMachine({ states: 120, seed: 12 }), '{"a": [1,\n2], "b": {"c": {\n"d": [\n]}}}', '[\n[\n[\n]\n]\n]'];
  for (const text of texts) {
    const doc = parseDocument(text);
    for (const limit of [Infinity, 1, 7, 50]) assert.deepEqual(foldingRanges(doc, limit), reference(text, limit), `limit ${limit}`);
  }
});
