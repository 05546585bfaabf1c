// The conformance corpus: real-world machines as data files under test/corpus (see its README).
// valid/*.asl.json must give no error or warning; accepted/*.asl.json (AWS accepts them) no error
// and exactly the warnings listed in the sibling *.expected.json; invalid/*.asl.json exactly the
// {code, line} multiset listed there, each with its severity and AWS code where the entry names them.
// Files named express-* are checked as EXPRESS machines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validate, DIAGNOSTIC_CODES, AWS_ERROR_CODES, AWS_WARNING_CODES } from '../../server/src/core';
import type { AslDiagnostic, ValidationOptions } from '../../server/src/core';

interface Expected {
  code: string;
  line: number;
  /** Default "error" in invalid/, "warning" in accepted/. */
  severity?: 'error' | 'warning';
  /** AWS's validator code; checked when given. */
  awsCode?: string;
}

/** The corpus folder, found from wherever this file was compiled or bundled to. */
function corpusRoot(): string {
  const starts = [__dirname, process.cwd()];
  for (const start of starts) {
    let dir = resolve(start);
    for (;;) {
      const candidate = join(dir, 'test', 'corpus');
      if (existsSync(join(candidate, 'valid')) && existsSync(join(candidate, 'invalid'))) return candidate;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  throw new Error('test/corpus not found above ' + __dirname);
}

const ROOT = corpusRoot();
const VALID = join(ROOT, 'valid');
const INVALID = join(ROOT, 'invalid');
const ACCEPTED = join(ROOT, 'accepted');

function machines(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.asl.json'))
    .sort();
}

/** Only what AWS would reject or what we flag as a likely bug counts; hints and information do not. */
function relevant(text: string, file: string): AslDiagnostic[] {
  const options: ValidationOptions = file.startsWith('express-') ? { machineType: 'EXPRESS' } : {};
  return validate(text, options).filter((d) => d.severity === 'error' || d.severity === 'warning');
}

function describe(d: AslDiagnostic, text: string): string {
  const covered = text.slice(d.offset, d.offset + Math.min(d.length, 60)).replace(/\s+/g, ' ');
  return `  line ${d.range.start.line + 1}: ${d.code} (${d.severity}) at ${JSON.stringify(covered)}: ${d.message}`;
}

function key(e: Expected): string {
  return `${e.code}@${e.line}`;
}

test('the corpus has at least 70 valid and 70 invalid machines, each invalid one with its expectations', () => {
  const valid = machines(VALID);
  const invalid = machines(INVALID);
  assert.ok(valid.length >= 70, `only ${valid.length} valid machines`);
  assert.ok(invalid.length >= 70, `only ${invalid.length} invalid machines`);
  for (const f of invalid) {
    assert.ok(existsSync(join(INVALID, f.replace(/\.asl\.json$/, '.expected.json'))), `${f} has no .expected.json`);
  }
  for (const dir of [INVALID, ACCEPTED]) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.expected.json'))) {
      assert.ok(existsSync(join(dir, f.replace(/\.expected\.json$/, '.asl.json'))), `${f} has no machine`);
    }
  }
  for (const f of machines(ACCEPTED)) {
    assert.ok(existsSync(join(ACCEPTED, f.replace(/\.asl\.json$/, '.expected.json'))), `accepted/${f} has no .expected.json`);
  }
});

const AWS_CODES: readonly string[] = [...AWS_ERROR_CODES, ...AWS_WARNING_CODES];

test('every expected code is a known diagnostic code (and AWS code), every line inside its file', () => {
  for (const [dir, f] of [...machines(INVALID).map((f) => [INVALID, f]), ...machines(ACCEPTED).map((f) => [ACCEPTED, f])]) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n').length;
    const expected = JSON.parse(readFileSync(join(dir, f.replace(/\.asl\.json$/, '.expected.json')), 'utf8')) as Expected[];
    assert.ok(Array.isArray(expected) && expected.length > 0, `${f}: expectations must be a non-empty array`);
    for (const e of expected) {
      assert.ok((DIAGNOSTIC_CODES as readonly string[]).includes(e.code), `${f}: unknown code ${e.code}`);
      assert.ok(Number.isInteger(e.line) && e.line >= 1 && e.line <= lines, `${f}: line ${e.line} out of range`);
      assert.ok(e.awsCode === undefined || AWS_CODES.includes(e.awsCode), `${f}: unknown AWS code ${e.awsCode}`);
      assert.ok(e.severity === undefined || e.severity === 'error' || e.severity === 'warning', `${f}: severity ${e.severity}`);
    }
  }
});

for (const f of machines(VALID)) {
  test(`valid/${f}`, () => {
    const text = readFileSync(join(VALID, f), 'utf8');
    const found = relevant(text, f);
    if (found.length > 0) {
      assert.fail(`expected no errors or warnings, got ${found.length}:\n${found.map((d) => describe(d, text)).join('\n')}`);
    }
  });
}

for (const [dir, f] of [...machines(INVALID).map((f) => [INVALID, f]), ...machines(ACCEPTED).map((f) => [ACCEPTED, f])]) {
  const folder = dir === INVALID ? 'invalid' : 'accepted';
  test(`${folder}/${f}`, () => {
    const text = readFileSync(join(dir, f), 'utf8');
    const entries = JSON.parse(readFileSync(join(dir, f.replace(/\.asl\.json$/, '.expected.json')), 'utf8')) as Expected[];
    const expected = entries.map(key).sort();
    const found = relevant(text, f);
    const actual = found.map((d) => key({ code: d.code, line: d.range.start.line + 1 })).sort();
    // AWS's verdict: what it rejects is an error, what it accepts at most a warning.
    const defaultSeverity = folder === 'invalid' ? 'error' : 'warning';
    for (const e of entries) {
      const d = found.find(
        (x) => key({ code: x.code, line: x.range.start.line + 1 }) === key(e) && x.severity === (e.severity ?? defaultSeverity),
      );
      assert.ok(
        d,
        `${key(e)}: expected a diagnostic of severity ${e.severity ?? defaultSeverity}, got ${
          found
            .filter((x) => key({ code: x.code, line: x.range.start.line + 1 }) === key(e))
            .map((x) => x.severity)
            .join(', ') || 'none'
        }`,
      );
      if (e.awsCode !== undefined) assert.equal(d.awsCode, e.awsCode, `${key(e)}: AWS code`);
    }
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      const missing = difference(expected, actual);
      const extra = difference(actual, expected);
      assert.fail(
        [
          `expected: ${expected.join(', ') || '(none)'}`,
          `actual:   ${actual.join(', ') || '(none)'}`,
          `missing:  ${missing.join(', ') || '(none)'}`,
          `extra:    ${extra.join(', ') || '(none)'}`,
          'diagnostics:',
          ...found.map((d) => describe(d, text)),
        ].join('\n'),
      );
    }
  });
}

/** Multiset difference a - b. */
function difference(a: string[], b: string[]): string[] {
  const rest = [...b];
  const out: string[] = [];
  for (const x of a) {
    const i = rest.indexOf(x);
    if (i >= 0) rest.splice(i, 1);
    else out.push(x);
  }
  return out;
}
