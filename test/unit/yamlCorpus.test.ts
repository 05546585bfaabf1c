// Differential: every machine of the JSON corpus (test/corpus, see its README), converted to
// block-style YAML with the yaml library, must give the same findings as the JSON original:
// the same codes and messages, each on the same key or value (and the same characters of a
// string), and the same graph (offsets aside). Files whose mistake is a JSON syntax error
// (invalid/syntax-*) have no YAML form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { analyzeText } from '../../server/src/core/syntax';
import { stringOffsetsAt } from '../../server/src/core/strings';
import { treeToYaml } from '../../server/src/core/yaml';
import { graphOf } from '../../server/src/core/graph';
import type { AslDiagnostic, ValidationOptions } from '../../server/src/core';
import { STRING, type Tree } from '../../server/src/core/tree';

function corpusRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'test', 'corpus');
      if (existsSync(join(candidate, 'valid'))) return candidate;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('test/corpus not found');
}

/** The path of node i from the root: keys and indexes, a key node marked `#key`. */
function pathOf(tree: Tree, i: number): string {
  const parts: string[] = [];
  for (let n = i; n > 0; n = tree.parentOf(n)) {
    const up = tree.parentOf(n);
    if (tree.kindOf(up) === 'property') {
      if (n === tree.keyNode(up)) parts.push('#key');
      continue;
    }
    if (tree.kindOf(n) === 'property') parts.push(JSON.stringify(tree.keyText(n)));
    else if (tree.kindOf(up) === 'array') parts.push(String(tree.children(up).indexOf(n)));
  }
  return parts.reverse().join('/');
}

/** Where a finding sits, independent of the syntax: the node it covers, or the characters of a string. */
function place(text: string, tree: Tree | undefined, d: AslDiagnostic): string {
  if (!tree || (d.offset === 0 && d.length === 0)) return `@${d.offset}+${d.length}`;
  let inner = -1;
  let opens = -1;
  for (let i = 0; i < tree.size; i++) {
    const r = tree.range(i);
    // A string is placed by its value's characters (JSON's quotes are no characters of it).
    if (r.offset === d.offset && r.length === d.length && tree.kind[i] !== STRING) return pathOf(tree, i);
    if (r.offset <= d.offset && d.offset + d.length <= r.offset + r.length) inner = i;
    const kind = tree.kindOf(i);
    if (r.offset === d.offset && (kind === 'object' || kind === 'array')) opens = i;
  }
  // The first character of a mapping or list: a JSON brace, or a YAML block's first key.
  if (opens >= 0 && d.length <= 1) return `${pathOf(tree, opens)}^`;
  if (inner >= 0 && tree.kind[inner] === STRING) {
    const value = tree.string(inner)!;
    const at = stringOffsetsAt(text, tree, inner);
    let from = -1;
    let to = -1;
    for (let k = 0; k <= value.length; k++) {
      if (from < 0 && at(k) >= d.offset) from = k;
      if (at(k) <= d.offset + d.length) to = k;
    }
    return `${pathOf(tree, inner)}[${from}..${to}]`;
  }
  return inner >= 0 ? `${pathOf(tree, inner)}~` : '?';
}

function findings(text: string, syntax: 'json' | 'yaml', options: ValidationOptions): string[] {
  const a = analyzeText(text, syntax, options);
  // Line numbers inside messages ("first on line 14") differ between the two texts by design.
  return a.diagnostics
    .map((d) => `${d.code} ${d.severity} ${place(text, a.doc.tree, d)}: ${d.message.replace(/line \d+/g, 'line N')}`)
    .sort();
}

const ROOT = corpusRoot();
for (const dir of ['valid', 'accepted', 'invalid']) {
  for (const file of readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.asl.json'))
    .sort()) {
    if (file.startsWith('syntax-')) continue;
    test(`YAML differential: ${dir}/${file}`, () => {
      const json = readFileSync(join(ROOT, dir, file), 'utf8');
      const options: ValidationOptions = file.startsWith('express-') ? { machineType: 'EXPRESS' } : {};
      const original = analyzeText(json, 'json', options);
      assert.deepEqual(original.doc.syntaxErrors, [], 'the JSON parses');
      const yaml = treeToYaml(original.doc.tree!);
      assert.deepEqual(findings(yaml, 'yaml', options), findings(json, 'json', options), yaml);
      // The graph's model: the same states, scopes and edges; only where they are in the text differs.
      const model = (syntax: 'json' | 'yaml', text: string) =>
        JSON.stringify(graphOf(analyzeText(text, syntax, options)).model, (k, v) =>
          /^(nameOffset|nameLength|start|end|offset|length)$/.test(k) && typeof v === 'number'
            ? undefined
            : typeof v === 'string'
              ? v.replace(/line \d+/g, 'line N')
              : v,
        );
      if (original.machine.root) assert.equal(model('yaml', yaml), model('json', json));
    });
  }
}
