/**
 * `asl-workbench check` as CI runs it (the built dist/cli.js in a process): AWS's answer shape
 * (`--format aws`), SARIF for code scanning (`--format sarif`, validated against the SARIF 2.1.0
 * JSON schema), the machine type, and `run`/`test` running what AWS accepts.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const DIR = mkdtempSync(join(tmpdir(), 'aslwb-check-'));

before(() => assert.ok(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" first'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, definition: unknown): string {
  const path = join(DIR, name);
  writeFileSync(path, JSON.stringify(definition, null, 2));
  return path;
}

const pass = (extra: Record<string, unknown> = {}) => ({ Type: 'Pass', ...extra });

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[];
  properties?: { awsCode?: string };
}
interface SarifLog {
  version: string;
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: SarifResult[] }[];
}

interface AwsResponse {
  result: string;
  diagnostics: { severity: string; code: string; message: string; location?: string }[];
  truncated: boolean;
}

test('--format aws: a definition AWS accepts is {"result":"OK","diagnostics":[],"truncated":false}, exit 0', () => {
  const f = file('ok.asl.json', { StartAt: 'A', States: { A: pass({ End: true }) } });
  const r = cli('check', '--format', 'aws', f);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { result: 'OK', diagnostics: [], truncated: false });
});

test("--format aws: AWS's codes, wording and locations for transitions, reachability and the end state", () => {
  // Expectations from AWS's recorded answers: localstack/localstack#12487 ("MISSING_TRANSITION_TARGET:
  // Missing 'Next' target: pass3 at /States/pass1/Next", "State "pass2" is not reachable. at
  // /States/pass2"); floci-io/floci#2786 (Choices[0]/Next and Default positions, the literal word
  // Next in all of them).
  const f = file('graph.asl.json', {
    StartAt: 'A',
    States: {
      A: pass({ Next: 'C' }),
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', BooleanEquals: true, Next: 'Nowhere' }], Default: 'Done' },
      Done: { Type: 'Succeed' },
      Orphan: pass({ End: true }),
    },
  });
  const r = cli('check', '--format', 'aws', f);
  assert.equal(r.code, 1);
  const body = JSON.parse(r.stdout) as AwsResponse;
  assert.equal(body.result, 'FAIL');
  assert.equal(body.truncated, false);
  assert.deepEqual(body.diagnostics, [
    {
      severity: 'ERROR',
      code: 'MISSING_TRANSITION_TARGET',
      message: "Missing 'Next' target: Nowhere",
      location: '/States/C/Choices[0]/Next',
    },
    { severity: 'ERROR', code: 'MISSING_TRANSITION_TARGET', message: 'State "Orphan" is not reachable.', location: '/States/Orphan' },
  ]);
  // A loop with no way out: MISSING_END_STATE, "Workflow has no terminal state", no location (floci-io/floci#2735).
  const loop = file('loop.asl.json', { StartAt: 'A', States: { A: pass({ Next: 'B' }), B: pass({ Next: 'A' }) } });
  assert.deepEqual((JSON.parse(cli('check', '--format', 'aws', loop).stdout) as AwsResponse).diagnostics, [
    { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
  ]);
});

test('--format aws: schema errors at their field; warnings only (NO_DOLLAR) leave the result OK; run-time warnings are not listed', () => {
  const f = file('fields.asl.json', {
    StartAt: 'W',
    States: {
      W: { Type: 'Wait', Timestamp: '2016-13-05T21:29:29Z', Next: 'M' },
      M: {
        Type: 'Map',
        Label: 'has space',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'P',
          States: { P: pass({ End: true }) },
        },
        End: true,
      },
    },
  });
  const body = JSON.parse(cli('check', '--format', 'aws', f).stdout) as AwsResponse;
  assert.deepEqual(
    body.diagnostics.map((d) => [d.severity, d.code, d.location]),
    [
      ['ERROR', 'SCHEMA_VALIDATION_FAILED', '/States/W/Timestamp'],
      ['ERROR', 'INVALID_LABEL_NAME', '/States/M/Label'],
    ],
  );
  const warn = file('warn.asl.json', {
    QueryLanguage: 'JSONPath',
    StartAt: 'A',
    States: { A: pass({ Parameters: { id: '$.orderId', 'later.$': '$notYetAssigned' }, End: true }) },
  });
  const r = cli('check', '--format', 'aws', warn);
  assert.equal(r.code, 0, 'warnings do not fail');
  assert.deepEqual(JSON.parse(r.stdout), {
    result: 'OK',
    diagnostics: [
      {
        severity: 'WARNING',
        code: 'NO_DOLLAR',
        message: JSON.parse(cli('check', '--json', warn).stdout).find((d: { code: string }) => d.code === 'missing-dollar').message,
        location: '/States/A/Parameters/id',
      },
    ],
    truncated: false,
  });
});

test('--format aws: a state name over 80 characters is INVALID_STATE_NAME, in the words AWS uses', () => {
  // Recorded: "INVALID_STATE_NAME: Invalid State name: State '...' exceeds the 80-character limit allowed
  // by the service at /States/..." (ChristopheBougere/asl-validator#69).
  const long = 'This is an exceptionally long state name that I know will fail when I try to deploy to AWS';
  const f = file('long-name.asl.json', { StartAt: 'Hello', States: { Hello: pass({ Next: long }), [long]: pass({ End: true }) } });
  assert.deepEqual((JSON.parse(cli('check', '--format', 'aws', f).stdout) as AwsResponse).diagnostics, [
    {
      severity: 'ERROR',
      code: 'INVALID_STATE_NAME',
      message: `Invalid State name: State '${long}' exceeds the 80-character limit allowed by the service`,
      location: `/States/${long}`,
    },
  ]);
});

test('--format aws: an unsupported field is "Field \'X\' is not supported" at the state that holds it', () => {
  // Recorded: TimeoutSeconds on a Map or a Parallel state gives SCHEMA_VALIDATION_FAILED "Field
  // 'TimeoutSeconds' is not supported" at /States/M and /States/P (floci-io/floci#2735).
  const f = file('unsupported.asl.json', {
    StartAt: 'P',
    States: {
      P: { Type: 'Parallel', TimeoutSeconds: 30, Branches: [{ StartAt: 'B', States: { B: pass({ End: true }) } }], Next: 'M' },
      M: { Type: 'Map', TimeoutSeconds: 30, ItemProcessor: { StartAt: 'I', States: { I: pass({ End: true }) } }, End: true },
    },
  });
  assert.deepEqual((JSON.parse(cli('check', '--format', 'aws', f).stdout) as AwsResponse).diagnostics, [
    { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "Field 'TimeoutSeconds' is not supported", location: '/States/P' },
    { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: "Field 'TimeoutSeconds' is not supported", location: '/States/M' },
  ]);
});

test("--format aws: a field of the other query language, in AWS's words, at the state", () => {
  // Recorded (floci-io/floci#2968, #3733): "The QueryLanguage is set to 'JSONPath', but field 'Output'
  // is only supported for the 'JSONata' QueryLanguage", located at the state; the reverse for a
  // JSONPath field in a JSONata state.
  const f = file('languages.asl.json', {
    StartAt: 'A',
    States: {
      A: pass({ Output: { x: 1 }, Next: 'B' }),
      B: pass({ QueryLanguage: 'JSONata', InputPath: '$.x', End: true }),
    },
  });
  const jsonata = file('jsonata-machine.asl.json', {
    QueryLanguage: 'JSONata',
    StartAt: 'A',
    States: { A: pass({ QueryLanguage: 'JSONPath', End: true }) },
  });
  assert.deepEqual((JSON.parse(cli('check', '--format', 'aws', jsonata).stdout) as AwsResponse).diagnostics, [
    {
      severity: 'ERROR',
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
      location: '/States/A',
    },
  ]);
  assert.deepEqual((JSON.parse(cli('check', '--format', 'aws', f).stdout) as AwsResponse).diagnostics, [
    {
      severity: 'ERROR',
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "The QueryLanguage is set to 'JSONPath', but field 'Output' is only supported for the 'JSONata' QueryLanguage",
      location: '/States/A',
    },
    {
      severity: 'ERROR',
      code: 'SCHEMA_VALIDATION_FAILED',
      message: "The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage",
      location: '/States/B',
    },
  ]);
});

test('--format aws with several files: an array of responses, each with its file', () => {
  const a = file('one.asl.json', { StartAt: 'A', States: { A: pass({ End: true }) } });
  const b = file('two.asl.json', { StartAt: 'A', States: { A: pass({ Next: 'B' }) } });
  const r = cli('check', '--format', 'aws', a, b);
  assert.equal(r.code, 1);
  const list = JSON.parse(r.stdout) as (AwsResponse & { file: string })[];
  assert.deepEqual(
    list.map((x) => [x.file, x.result]),
    [
      [a, 'OK'],
      [b, 'FAIL'],
    ],
  );
});

test('--format sarif: a valid SARIF 2.1.0 log (checked against the schema), our codes as rules, 1-based regions', () => {
  const f = file('sarif.asl.json', {
    StartAt: 'A',
    States: { A: pass({ Next: 'Missing' }), B: pass({ Parameters: { id: '$.x' }, End: true }) },
  });
  const r = cli('check', '--format', 'sarif', f);
  assert.equal(r.code, 1, r.stderr);
  const log = JSON.parse(r.stdout) as SarifLog;
  // The schema is draft-04 (test/fixtures/sarif/README.md says where it comes from); ajv reads it
  // as a later draft once the draft-04 "$schema" and "id" are set aside, which changes no rule it uses.
  const {
    $schema: _s,
    id: _id,
    ...schema
  } = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
  // unicodeRegExp off: one of the schema's patterns ("language") is not valid with the u flag.
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const valid = ajv.validate(schema, log);
  assert.ok(valid, JSON.stringify(ajv.errors, null, 2));
  // And the schema is not a pushover: a broken log fails it.
  assert.equal(ajv.validate(schema, { ...log, version: '2.0.0' }), false);
  assert.equal(
    ajv.validate(schema, { ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }] }),
    false,
  );

  const run = log.runs[0];
  assert.equal(log.version, '2.1.0');
  assert.equal(run.tool.driver.name, 'asl-workbench');
  const ruleIds = run.tool.driver.rules.map((x) => x.id);
  assert.ok(ruleIds.includes('unknown-state') && ruleIds.includes('unreachable-state') && ruleIds.includes('missing-dollar'));
  const text = readFileSync(f, 'utf8').split('\n');
  const results = run.results.map((x) => {
    const reg = x.locations[0].physicalLocation.region;
    assert.equal(ruleIds[x.ruleIndex], x.ruleId);
    return [x.ruleId, x.level, x.properties?.awsCode, text[reg.startLine - 1].slice(reg.startColumn - 1, reg.startColumn + 8)];
  });
  assert.deepEqual(results, [
    ['unknown-state', 'error', 'MISSING_TRANSITION_TARGET', '"Missing"'],
    ['unreachable-state', 'error', 'MISSING_TRANSITION_TARGET', '"B": {'],
    ['missing-dollar', 'warning', 'NO_DOLLAR', '"id": "$.'],
  ]);
});

test('--type EXPRESS adds the Express checks; a bad --format or --type is a usage error', () => {
  const f = file('express.asl.json', {
    StartAt: 'A',
    States: { A: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Parameters: { TaskDefinition: 't' }, End: true } },
  });
  assert.equal(cli('check', f).code, 0);
  assert.equal(cli('check', '--type', 'STANDARD', f).code, 0);
  const r = cli('check', '--type', 'EXPRESS', '--format', 'aws', f);
  assert.equal(r.code, 1);
  assert.deepEqual(
    (JSON.parse(r.stdout) as AwsResponse).diagnostics.map((d) => [d.code, d.location]),
    [['SCHEMA_VALIDATION_FAILED', '/States/A/Resource']],
  );
  assert.equal(cli('check', '--type', 'EXPRES', f).code, 2);
  assert.equal(cli('check', '--format', 'xml', f).code, 2);
});

test('run runs a definition AWS accepts despite warnings (shown on stderr); --strict refuses it', () => {
  const f = file('warned.asl.json', {
    QueryLanguage: 'JSONata',
    StartAt: 'A',
    States: {
      A: pass({ Output: ' {% $states.input.id %} ', Next: 'B' }),
      B: pass({ Assign: { later: 1 }, Output: '{% $states.input %}', End: true }),
    },
  });
  const r = cli('run', f, '--input', '{"id": 7}', '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).status, 'SUCCEEDED');
  // AWS outputs the literal as written (issue #11).
  assert.equal(JSON.parse(r.stdout).output, ' {% $states.input.id %} ');
  assert.match(r.stderr, /warning invalid-jsonata/);
  const strict = cli('run', f, '--input', '{"id": 7}', '--strict');
  assert.equal(strict.code, 2);
  assert.match(strict.stderr, /1 finding \(--strict\); fix it before running/);
  // An error (what AWS rejects) still refuses without --strict.
  const bad = file('bad.asl.json', { StartAt: 'A', States: { A: pass({ Next: 'Nope' }) } });
  const refused = cli('run', bad);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /1 error; fix it before running/);
});
