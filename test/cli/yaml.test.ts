/**
 * `.asl.yaml` / `.asl.yml` machines in the CLI (the built dist/cli.js in a process): `convert`
 * both ways, `check` of files and directories at the YAML text's lines, and `run` / `test` of a
 * YAML machine named in the mock file by its file name without `.asl.yaml`.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = mkdtempSync(join(tmpdir(), 'aslwb-yaml-'));
const ARTICLE = 'examples/article-review/article-review.asl.json';
const ARTICLE_MOCKS = 'examples/article-review/article-review.mocks.json';

before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('convert --to yaml: block style, key order kept, the same data', () => {
  const r = cli('convert', ARTICLE, '--to', 'yaml');
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(readFileSync(join(ROOT, ARTICLE), 'utf8'));
  assert.deepEqual(parse(r.stdout), json);
  assert.deepEqual(Object.keys(parse(r.stdout).States), Object.keys(json.States), 'key order');
  assert.doesNotMatch(r.stdout, /^\s*[{[]/m, 'block style, no flow collections at line starts');
  assert.match(r.stdout, /^States:\n {2}\S/m);
});

test('convert --to json: short forms in long form, comments noted, --out writes the file', () => {
  const src = join(DIR, 'short.asl.yml');
  writeFileSync(
    src,
    '# a comment\nStartAt: A\nStates:\n  A:\n    Type: Task\n    Resource: !Sub "arn:aws:lambda:${AWS::Region}:123456789012:function:f"\n    End: true # done\n',
  );
  const out = join(DIR, 'short.asl.json');
  const r = cli('convert', src, '--to', 'json', '--out', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /note: 2 comments could not be carried over: JSON has no comments\./);
  const written = readFileSync(out, 'utf8');
  assert.deepEqual(JSON.parse(written).States.A.Resource, { 'Fn::Sub': 'arn:aws:lambda:${AWS::Region}:123456789012:function:f' });
  assert.match(written, /^ {2}"StartAt": "A",$/m, '2-space JSON');
  // Refusals: syntax errors (1), bad usage (2).
  const broken = join(DIR, 'broken.asl.yaml');
  writeFileSync(broken, 'StartAt: "A\nStates: {}\n');
  const bad = cli('convert', broken, '--to', 'json');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /syntax error.*line \d+: YAML syntax error/);
  assert.equal(cli('convert', src, '--to', 'xml').code, 2);
  assert.equal(cli('convert', src).code, 2);
});

test("check: a directory's .asl.yaml and .asl.yml files, findings at their YAML lines", () => {
  const dir = join(DIR, 'machines');
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.asl.yaml'), 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n');
  writeFileSync(join(dir, 'b.asl.yml'), '# fine\nStartAt: A\nStates:\n  A: {Type: Succeed}\n');
  writeFileSync(join(dir, 'notes.yaml'), 'not: a machine\n');
  const r = cli('check', dir);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /a\.asl\.yaml:5:11 error unknown-state "Next" of "A" names "B"/);
  assert.match(r.stdout, /^2 files checked: 1 error, 0 warnings\.$/m);
  assert.doesNotMatch(r.stdout, /notes\.yaml/);
});

test('run and test: a YAML machine is named by its file name without .asl.yaml', () => {
  const yaml = cli('convert', ARTICLE, '--to', 'yaml');
  const file = join(DIR, 'article-review.asl.yaml');
  writeFileSync(file, `# The article review machine, in YAML.\n${yaml.stdout}`);
  const t = cli('test', file, '--mocks', ARTICLE_MOCKS);
  assert.equal(t.code, 0, t.stdout + t.stderr);
  assert.match(t.stdout, /^5 passed, 0 failed \(5 test cases of "article-review"/m);
  const fromYaml = cli('run', file, '--mocks', ARTICLE_MOCKS, '--test-case', 'ReviewGoesToPublish', '--json');
  const fromJson = cli('run', ARTICLE, '--mocks', ARTICLE_MOCKS, '--test-case', 'ReviewGoesToPublish', '--json');
  assert.equal(fromYaml.code, fromJson.code);
  const strip = (s: string) => JSON.stringify(JSON.parse(s), (k, v) => (/time|date|millis|duration|arn/i.test(k) ? undefined : v));
  assert.equal(strip(fromYaml.stdout), strip(fromJson.stdout));
});
