// The templates corpus (test/templates-corpus, see its README): every machine of every template,
// its form, type, read-only flag and findings at the host's (or linked file's) lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyzeMachine, openTemplate } from '../../server/src/core/templates';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'templates-corpus');

interface Expected {
  form: string;
  type?: string;
  readOnly?: boolean;
  findings: string[];
}

const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, Record<string, Expected>>;

for (const [file, machines] of Object.entries(expected)) {
  test(`templates corpus: ${file}`, () => {
    const text = readFileSync(join(CORPUS, file), 'utf8');
    const t = openTemplate(text, file);
    assert.ok(t, `${file} holds machines`);
    assert.deepEqual(t.machines.map((m) => m.id).sort(), Object.keys(machines).sort());
    for (const m of t.machines) {
      const want = machines[m.id];
      const readFile = (path: string) => {
        const p = join(CORPUS, dirname(file), path);
        return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
      };
      const a = analyzeMachine(t.host, m, { readFile });
      assert.equal(a.problem, undefined, `${m.id}: ${a.problem}`);
      assert.equal(m.form, want.form, `${m.id}: form`);
      assert.equal(m.machineType, want.type, `${m.id}: type`);
      assert.equal(m.readOnly !== undefined, want.readOnly === true, `${m.id}: read-only`);
      const linked = m.file !== undefined ? join(dirname(file), m.file).replace(/\\/g, '/') : file;
      const got = [
        ...a.diagnostics.map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`),
        ...a.fileDiagnostics.map((d) => `${linked}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`),
      ];
      assert.deepEqual(got, want.findings, `${m.id}: findings`);
    }
  });
}

test('templates corpus: every folder is in expected.json', () => {
  const listed = new Set(Object.keys(expected).map((f) => f.split('/')[0]));
  const folders = readFileSync(join(CORPUS, 'README.md'), 'utf8')
    .match(/^\| `([a-z0-9-]+)` \|/gm)!
    .map((row) => row.slice(3, -3));
  assert.deepEqual([...listed].sort(), folders.sort());
});
