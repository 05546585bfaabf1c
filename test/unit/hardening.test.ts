/** Hostile inputs to the core's formatting, rename and graph (issue 12, items 4, 5, 6 and the SVG of 10). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core';
import { MAX_DEPTH } from '../../server/src/core/parse';
import { format, MAX_FORMAT_OUTPUT, MAX_TAB_SIZE, rename, type TextEdit } from '../../server/src/core/language';
import { graphOf, renderSvg } from '../../server/src/core/graph';
import { layered, MAX_LAYERED_ITEMS, rowsLayout } from '../../server/src/core/graph/layered';
import { applyEdits, at } from './language-helpers';
import { geometryProblems } from './graphChecks';
import { machine } from './helpers';
import { xmlProblem } from './xmlCheck';

const nested = (depth: number): string => '['.repeat(depth) + '1' + ']'.repeat(depth);

function edits(r: ReturnType<typeof format>): TextEdit[] {
  assert.ok('edits' in r, 'error' in r ? r.error : '');
  return r.edits;
}

test("format: 50 levels at tab size 4 (200 indent characters) gives real edits, not jsonc-parser's undefined", () => {
  for (const [depth, tabSize, insertSpaces] of [
    [50, 4, true],
    [51, 4, true],
    [100, 2, true],
    [201, 4, false],
  ] as const) {
    const text = nested(depth);
    const out = edits(format(text, { tabSize, insertSpaces }));
    assert.ok(
      out.every((e) => typeof e.newText === 'string'),
      `${depth} levels, tab size ${tabSize}`,
    );
    const formatted = applyEdits(text, out);
    assert.deepEqual(JSON.parse(formatted), JSON.parse(text));
    const unit = insertSpaces ? ' '.repeat(tabSize) : '\t';
    assert.equal(formatted.split('\n')[depth], unit.repeat(depth) + '1', 'the innermost value, indented once per level');
  }
});

test('format: a tab size that is not a whole number from 1 to 32 is refused with a message', () => {
  const text = '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}';
  for (const tabSize of [0, -1, 1.5, MAX_TAB_SIZE + 1, 10_000_000, 100_000_000, NaN, Infinity]) {
    const r = format(text, { tabSize, insertSpaces: true });
    assert.ok('error' in r, String(tabSize));
    assert.match(r.error, /tab size must be a whole number from 1 to 32/);
  }
  assert.ok('edits' in format(text, { tabSize: MAX_TAB_SIZE, insertSpaces: true }));
});

test('format: past the nesting guard it refuses (10,000 levels took 23.8 s and 3.4 GB), naming the line', () => {
  const text = '{\n"a":\n' + nested(10_000) + '}';
  const started = Date.now();
  const r = format(text, { tabSize: 4, insertSpaces: true });
  assert.ok('error' in r);
  assert.match(r.error, new RegExp(`nested more than ${MAX_DEPTH} levels deep \\(line 3\\)`));
  assert.ok(Date.now() - started < 1000, 'refused without formatting');
  // At the guard it formats: about 4 MB of indentation.
  assert.ok('edits' in format(nested(MAX_DEPTH), { tabSize: 4, insertSpaces: true }));
});

test('format: more indentation than the output limit is refused; the same text with a smaller tab size is formatted', () => {
  // 1,000 levels: about 2 x 1,000 lines x 500 levels on average x 32 = 32 MB at tab size 32.
  const text = nested(MAX_DEPTH);
  const r = format(text, { tabSize: 32, insertSpaces: true });
  assert.ok('error' in r);
  assert.match(r.error, /would add about 31 MB \(the limit is 16 MB\)/);
  const ok = edits(format(text, { tabSize: 8, insertSpaces: true }));
  const inserted = ok.reduce((n, e) => n + e.newText.length, 0);
  assert.ok(inserted < MAX_FORMAT_OUTPUT && inserted > 7_000_000, String(inserted));
  // A range is judged by the lines it covers: the first line of the same nesting at tab size 32 is fine.
  const lines = '[1,\n' + nested(MAX_DEPTH - 1) + ']';
  assert.ok('error' in format(lines, { tabSize: 32, insertSpaces: true }));
  assert.ok('edits' in format(lines, { tabSize: 32, insertSpaces: true }, { offset: 0, length: 2 }));
});

test('rename: a new name that is not a string, or holds control characters or a lone surrogate, is refused; the text stays valid', () => {
  const { machine: m, offset } = at('{"StartAt":"A","States":{"|A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}');
  for (const bad of [['x'], 42, null, undefined, { x: 1 }]) {
    const r = rename(m, offset, bad as unknown as string);
    assert.ok('error' in r, JSON.stringify(bad));
    assert.match(r.error, /must be a string/);
  }
  for (const [bad, why] of [
    ['a\u0000b', /control characters/],
    ['line\nbreak', /control characters/],
    ['\uD800', /lone surrogate/],
    ['x\uDC00', /lone surrogate/],
    ['x'.repeat(100_000), /at most 80/],
  ] as const) {
    const r = rename(m, offset, bad);
    assert.ok('error' in r, JSON.stringify(bad));
    assert.match(r.error, why);
  }
  // A pair is fine, and so are quotes and backslashes: the edit escapes them.
  for (const good of ['Émoji 😀', 'say "hi" \\ there']) {
    const r = rename(m, offset, good);
    assert.ok('edits' in r, JSON.stringify(r));
    const text = applyEdits(m.doc.text, r.edits);
    const parsed = JSON.parse(text) as { StartAt: string; States: Record<string, { Next?: string }> };
    assert.equal(parsed.StartAt, good);
    assert.ok(parsed.States[good]);
  }
});

test('graph: states named with lone surrogates and look-alikes get distinct ids; the SVG is well-formed XML', () => {
  const names = ['\uD800', '\uDC00', '\uFFFD', '%uD800', 'a\uD800b', '😀'];
  const states: Record<string, unknown> = {};
  names.forEach((n, i) => (states[n] = i + 1 < names.length ? { Type: 'Pass', Next: names[i + 1] } : { Type: 'Pass', Next: '\uDBFF' }));
  const g = graphOf(analyze(machine(states, {}, '\uD800')));
  const ids = g.model.nodes.filter((n) => n.kind !== 'start' && n.kind !== 'end').map((n) => n.id);
  assert.equal(new Set(ids).size, names.length + 1, ids.join(' '));
  assert.ok(
    ids.every((id) => /^[\x21-\x7e]+$/.test(id)),
    `ids are printable ASCII: ${ids.join(' ')}`,
  );
  assert.deepEqual(geometryProblems(g), []);
  assert.equal(xmlProblem(renderSvg(g, { standalone: true, title: 'x\uD800' })), undefined);
});

test('SVG: every control character in names, titles, labels and comments is escaped or pictured; the XML is well-formed', () => {
  const controls = Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('') + '\uFFFE\uFFFF\u007F';
  const text = machine(
    {
      [`A${controls}`]: {
        Type: 'Choice',
        Comment: controls,
        Choices: [{ Variable: '$.x', StringEquals: controls, Next: `B${controls}` }],
        Default: `B${controls}`,
      },
      [`B${controls}`]: { Type: 'Parallel', Branches: [{ StartAt: controls, States: { [controls]: { Type: 'Succeed' } } }], End: true },
    },
    {},
    `A${controls}`,
  );
  const g = graphOf(analyze(text));
  for (const standalone of [true, false]) {
    const svg = renderSvg(g, { standalone, title: controls });
    assert.equal(xmlProblem(svg), undefined);
    // Visible, not dropped: U+0000 is drawn as U+2400 SYMBOL FOR NULL, U+001F as U+241F.
    assert.ok(svg.includes('A\u2400\u2401'), 'control pictures');
    assert.ok(svg.includes('\u2408\t\n\u240B'), 'tab and line feed kept (XML allows them), backspace and vertical tab pictured');
  }
  // The checker itself refuses what the old escaping wrote.
  assert.match(xmlProblem('<svg><text>a\u0001</text></svg>')!, /U\+0001/);
  assert.match(xmlProblem('<svg><text>&#1;</text></svg>')!, /forbids/);
  assert.match(xmlProblem('<svg><text>\uD800</text></svg>')!, /U\+d800/);
});

test('graph: a loop of 3,000 states (dagre, the library used before, overflowed its stack from about 1,850) gets the full layout, without a note', () => {
  const states: Record<string, unknown> = {};
  const n = 3000;
  for (let i = 0; i < n; i++) states[`S${i}`] = { Type: 'Pass', Next: `S${(i + 1) % n}` };
  const started = Date.now();
  const g = graphOf(analyze(machine(states, {}, 'S0')));
  assert.ok(Date.now() - started < 5000, `${Date.now() - started} ms`);
  assert.equal(g.model.nodes.filter((x) => x.kind === 'state').length, n);
  assert.deepEqual(geometryProblems(g).slice(0, 3), []);
  assert.equal(g.layout.notes, undefined);
  // The states follow the loop downwards, and the way back bends around them (more than two points).
  const y = (name: string) => g.layout.nodes[g.model.nodes.find((x) => x.name === name)!.id].y;
  assert.ok(y('S0') < y('S1') && y('S1500') < y('S2999'));
  const last = g.model.nodes.find((x) => x.name === 'S2999')!;
  const back = g.model.edges.find((e) => e.from === last.id)!;
  assert.ok(g.layout.edges[back.id].points.length > 2);
  assert.equal(graphOf(analyze(machine({ A: { Type: 'Pass', Next: 'A' } }, {}, 'A'))).layout.notes, undefined);
});

test('rows layout: ranks follow the edges, loops ignored; boxes of a rank do not overlap; linear on a long path', () => {
  const items = Array.from({ length: 100_000 }, (_, i) => ({ id: `n${i}`, width: 10 + (i % 7), height: 20 }));
  const edges = items.slice(1).map((it, i) => ({ id: `e${i}`, from: items[i].id, to: it.id }));
  edges.push({ id: 'back', from: items[items.length - 1].id, to: items[0].id });
  edges.push({ id: 'skip', from: items[0].id, to: items[2].id });
  const started = Date.now();
  const out = rowsLayout({ items, edges });
  assert.ok(Date.now() - started < 2000);
  for (let i = 1; i < items.length; i++)
    assert.ok(out.centers.get(items[i].id)!.y > out.centers.get(items[i - 1].id)!.y, `n${i} below n${i - 1}`);
  assert.equal(out.points.get('back')!.length, 2);
  // Past the cap, layered() draws rows without the layered layout.
  const many = layered({ items: items.slice(0, MAX_LAYERED_ITEMS + 1), edges: [] });
  assert.equal(many.simplified, `${MAX_LAYERED_ITEMS + 1} boxes in one scope (more than ${MAX_LAYERED_ITEMS})`);
});

test('format: the limits read the text as the formatter does (found by the fuzz script: a lone \\r ends a string, then 10,000 brackets took 10 s)', () => {
  // jsonc-parser ends an unterminated string at a carriage return; the brackets after it are structure.
  const text = '{"a": "unterminated\r' + nested(10_000) + '}';
  const started = Date.now();
  const r = format(text, { tabSize: 4, insertSpaces: true });
  assert.ok('error' in r);
  assert.match(r.error, /nested more than 1000 levels deep \(line 2\)/);
  const ranged = format(text, { tabSize: 4, insertSpaces: true }, { offset: text.length - 100, length: 10 });
  assert.ok('error' in ranged, 'a range on the deep line is refused too');
  assert.ok(Date.now() - started < 1000);
  // A range starts from its first line's indentation: 5 million spaces there, times every line break.
  const indented = ' '.repeat(5_000_000) + '[1,2,3,4,5]';
  const wide = format(indented, { tabSize: 1, insertSpaces: true }, { offset: indented.length - 5, length: 2 });
  assert.ok('error' in wide);
  assert.match(wide.error, /the limit is 16 MB/);
});
