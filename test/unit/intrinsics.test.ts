import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeIntrinsic, INTRINSIC_SIGNATURES, parseIntrinsic, signatureLabel } from '../../server/src/core/intrinsics';
import { findings, machine } from './helpers';

/** Every problem of a call as [covered text, message]. */
function issues(text: string): [string, string][] {
  return analyzeIntrinsic(text).issues.map((i) => [text.slice(i.offset, i.offset + i.length), i.message]);
}

function assertOk(text: string): void {
  assert.deepEqual(issues(text), [], text);
}

function assertIssue(text: string, covered: string, message: RegExp): void {
  const found = issues(text);
  assert.equal(found.length, 1, `${text}: ${JSON.stringify(found)}`);
  assert.equal(found[0][0], covered, text);
  assert.match(found[0][1], message, text);
}

test('the signature table has the 18 functions, each described', () => {
  assert.equal(INTRINSIC_SIGNATURES.length, 18);
  for (const s of INTRINSIC_SIGNATURES) {
    assert.match(s.name, /^States\.[A-Z]\w+$/);
    assert.ok(s.description.length > 10, s.name);
  }
  assert.equal(signatureLabel(INTRINSIC_SIGNATURES.find((s) => s.name === 'States.MathRandom')!), 'States.MathRandom(start, end, seed?)');
  assert.equal(signatureLabel(INTRINSIC_SIGNATURES.find((s) => s.name === 'States.Format')!), 'States.Format(template, value...)');
});

test('a valid call of every function', () => {
  const calls = [
    "States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)",
    'States.Format($.template, $.name)',
    'States.StringToJson($.someString)',
    'States.StringToJson(\'{"a": 1}\')',
    'States.JsonToString($.someJson)',
    "States.Array('Foo', 2020, $.someJson, null, true)",
    'States.Array()',
    'States.ArrayPartition($.inputArray,4)',
    'States.ArrayContains($.inputArray, $.lookingFor)',
    'States.ArrayRange(1, 9, 2)',
    'States.ArrayGetItem($.inputArray, $.index)',
    'States.ArrayLength($.inputArray)',
    'States.ArrayUnique($.inputArray)',
    'States.Base64Encode($.input)',
    "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')",
    "States.Hash($.Data, 'SHA-256')",
    'States.JsonMerge($.json1, $.json2, false)',
    'States.MathRandom($.start, $.end)',
    'States.MathRandom(1, 999, 42)',
    'States.MathAdd($.value1, -1)',
    "States.StringSplit($.inputString, ',')",
    'States.UUID()',
  ];
  const names = new Set<string>();
  for (const c of calls) {
    assertOk(c);
    names.add(parseIntrinsic(c).ast!.name);
  }
  assert.equal(names.size, 18);
});

test('arguments: paths with context, variables, brackets and filters; nested calls', () => {
  assertOk("States.Format('Today is {}', $$.DayOfWeek)");
  assertOk("States.Format('Hello {}', $inputPayload.foo[1].bar)");
  assertOk("States.Format('{}_{}',$$.Execution.Name,$['test-batch']['batch_id'])");
  assertOk("States.ArrayGetItem($.Records[?(@.Key == 'a-b')].Value, 0)");
  assertOk('States.MathAdd(States.ArrayLength($$.Execution.Input.machines),-1)');
  // The developer guide's nine-call example, with its template fixed: it has three '{}' for two values.
  assertOk(
    "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
  );
  assertOk("States.Format('a \\{literal\\} and {}', $.x)");
  assertOk("States.Format( '{}' ,  $.x )");
});

test('the tree is ready for evaluation', () => {
  const r = parseIntrinsic("States.Format('it\\'s {}', States.MathAdd($.a, -2.5), null, true)");
  assert.ok(r.ast);
  const call = r.ast;
  assert.equal(call.name, 'States.Format');
  assert.deepEqual(
    call.args.map((a) => a.type),
    ['string', 'call', 'null', 'boolean'],
  );
  assert.deepEqual(call.args[0], { type: 'string', value: "it's {}", start: 14, end: 24 });
  const inner = call.args[1];
  assert.equal(inner.type === 'call' && inner.args[0].type, 'path');
  assert.equal(inner.type === 'call' && inner.args[1].type === 'number' && inner.args[1].value, -2.5);
});

test('syntax errors with exact ranges', () => {
  const cases: [string, string, RegExp][] = [
    ["States.Format('a", "'a", /unclosed string/],
    ["States.Format('a'", 'States.Format(', /missing '\)' to close States\.Format\(/],
    ['States.Format("a")', '"a"', /single quotes/],
    ['States.Format(foo)', 'foo', /unexpected 'foo': an argument is/],
    ['States.Array(1,)', ')', /argument after ','/],
    ['States.Array(,1)', ',', /argument before ','/],
    ['States.UUID() ', ' ', /unexpected text after the closing '\)'/],
    ['States.UUID', 'States.UUID', /expected '\(' after States\.UUID/],
    ['States.UUID ()', ' ', /expected '\(' right after States\.UUID/],
    ["States.Format('a\\n')", '\\n', /'\\n' is not an escape/],
    ['States.Format($.a-b)', '-', /bracket notation: write \$\['a-b'\]/],
    ['States.Format($.a.-b)', '.', /bracket notation: write \$\.a\['-b'\]/],
    ['States.Format($.a[)', ')', /unexpected '\)' inside brackets/],
    ['States.Format($.a b)', 'b', /expected ',' or '\)' after an argument/],
    ['States.MathAdd(1, -)', '-', /number after '-'/],
    ['(1)', '(', /expected an intrinsic function call/],
  ];
  for (const [text, covered, message] of cases) assertIssue(text, covered, message);
});

test('unknown names get a did-you-mean over the 18', () => {
  assertIssue("States.Formatt('x')", 'States.Formatt', /unknown intrinsic function "States\.Formatt"\. Did you mean "States\.Format"\?/);
  assertIssue('states.uuid()', 'states.uuid', /Did you mean "States\.UUID"/);
  assertIssue('States.ArrayLenght($.a)', 'States.ArrayLenght', /Did you mean "States\.ArrayLength"/);
  assertIssue('Foo.Bar()', 'Foo.Bar', /names start with "States\."/);
  assertIssue(
    "States.Concat('a', 'b')",
    'States.Concat',
    /unknown intrinsic function "States\.Concat"\. The intrinsic functions are States\.Format, .*States\.UUID\.$/,
  );
  assertIssue('Format($.a)', 'Format', /Did you mean "States\.Format"/);
  const r = analyzeIntrinsic("States.Formatt('x')");
  assert.equal(r.issues[0].suggestion, 'States.Format');
});

test('arity: exact, minimum, optional and none', () => {
  assertIssue('States.UUID(1)', '1', /States\.UUID\(\) takes no arguments, but 1 was given/);
  assertIssue('States.Format()', 'States.Format()', /takes at least 1 argument, but none were given/);
  assertIssue(
    'States.MathRandom(1)',
    'States.MathRandom(1)',
    /States\.MathRandom\(start, end, seed\?\) takes 2 or 3 arguments, but 1 was given/,
  );
  assertIssue('States.MathRandom(1, 2, 3, 4)', '4', /2 or 3 arguments, but 4 were given/);
  assertIssue("States.Hash($.a, 'MD5', $.b, $.c)", '$.b, $.c', /States\.Hash\(data, algorithm\) takes 2 arguments, but 4 were given/);
  assertIssue('States.ArrayRange(1, 2)', 'States.ArrayRange(1, 2)', /takes 3 arguments/);
  assertIssue('States.JsonMerge($.a, $.b)', 'States.JsonMerge($.a, $.b)', /takes 3 arguments/);
  assertIssue('States.ArrayLength()', 'States.ArrayLength()', /takes 1 argument, but none were given/);
  assertIssue('States.StringToJson($.a, $.b)', '$.b', /takes 1 argument/);
});

test('argument kinds known before run time', () => {
  assertIssue("States.MathAdd('1', $.b)", "'1'", /States\.MathAdd argument 1 \(a\) must be an integer, but got a string/);
  assertIssue('States.MathAdd($.a, 2147483648)', '2147483648', /between -2147483648 and 2147483647/);
  assertIssue("States.ArrayLength('abc')", "'abc'", /must be an array, but got a string; pass a path such as \$\.items/);
  assertIssue('States.ArrayLength(States.UUID())', 'States.UUID()', /must be an array, but States\.UUID\(\.\.\.\) returns a string/);
  assertIssue('States.ArrayContains(1, 1)', '1', /argument 1 \(array\) must be an array/);
  assertIssue('States.ArrayPartition($.a, 0)', '0', /positive integer/);
  assertIssue("States.ArrayPartition($.a, 'x')", "'x'", /must be an integer/);
  assertIssue('States.ArrayRange(1, 10, 0)', '0', /must not be zero/);
  assertIssue('States.ArrayRange(0, 5000, 1)', 'States.ArrayRange(0, 5000, 1)', /at most 1000 items, but this range has 5001/);
  assertIssue('States.ArrayGetItem($.a, -1)', '-1', /0 or more/);
  assertIssue("States.Hash($.a, 'sha256')", "'sha256'", /not a hash algorithm.*Did you mean "SHA-256"/);
  assertIssue('States.Hash($.a, 256)', '256', /argument 2 \(algorithm\) must be a string/);
  assertIssue('States.JsonMerge($.a, $.b, true)', 'true', /must be false: Step Functions supports only shallow merges/);
  assertIssue("States.JsonMerge($.a, $.b, 'false')", "'false'", /must be a boolean/);
  assertIssue("States.JsonMerge('a', $.b, false)", "'a'", /must be a JSON object/);
  assertIssue('States.JsonToString(States.Array(1))', 'States.Array(1)', /must be a path to the value/);
  assertIssue("States.JsonToString('x')", "'x'", /must be a path/);
  assertIssue('States.StringToJson(1)', '1', /must be a string, but got an integer/);
  assertIssue('States.Base64Encode(null)', 'null', /must be a string, but got null/);
  assertIssue("States.Base64Decode('not base64!')", "'not base64!'", /not valid Base64/);
  assertIssue('States.StringSplit($.s, 1)', '1', /argument 2 \(delimiters\) must be a string/);
  assertIssue('States.Format(1)', '1', /argument 1 \(template\) must be a string/);
  assertIssue("States.Format('{}', States.Array(1))", 'States.Array(1)', /must be a string, number, boolean or null/);
  assertIssue("States.MathAdd(States.Format('{}', 1), 1)", "States.Format('{}', 1)", /returns a string/);
  assert.equal(analyzeIntrinsic('States.Hash($.a, $.alg)').issues.length, 0);
  assert.equal(analyzeIntrinsic('States.MathRandom(1.5, 10)').issues.length, 0); // rounded by Step Functions
});

test('States.Format templates: {} count and lone braces', () => {
  assertIssue("States.Format('{} and {}', $.a)", "'{} and {}'", /has 2 '\{\}' placeholders but 1 value follows it/);
  assertIssue("States.Format('hello', $.a)", "'hello'", /has 0 '\{\}' placeholders but 1 value follows/);
  assertIssue("States.Format('{}')", "'{}'", /1 '\{\}' placeholder but no value follows/);
  const lone = issues('States.Format(\'{"a": {}}\', $.x)');
  assert.deepEqual(
    lone.map((i) => i[0]),
    ['{', '}'],
  );
  assert.match(lone[0][1], /write \\\{ for a literal brace/);
});

test('nesting deeper than 10 is reported once', () => {
  let call = '$.x';
  for (let i = 0; i < 11; i++) call = `States.Array(${call})`;
  const found = issues(call);
  assert.equal(found.length, 1);
  assert.match(found[0][1], /nested at most 10 deep/);
  let ten = '$.x';
  for (let i = 0; i < 10; i++) ten = `States.Array(${ten})`;
  assertOk(ten);
  // Pathological depth is an error, not a stack overflow.
  assertIssue('States.Array('.repeat(5000) + ')'.repeat(5000), 'S', /nested too deeply/);
});

// ---- the rule over whole machines ----------------------------------------------------------

test('invalid-intrinsic: findings at the argument inside the string', () => {
  const text = machine({
    A: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      End: true,
      Parameters: {
        'greeting.$': "States.Format('Hello {} {}', $.first)",
        'id.$': 'States.UUID()',
        nested: { 'n.$': "States.MathAdd($.a, '1')" },
      },
      ResultSelector: { 'r.$': 'States.Formatt($.x)' },
      ItemSelector: { 'h.$': "States.Hash($.a, 'SHA256')" },
    },
  });
  const f = findings(text, 'invalid-intrinsic');
  assert.deepEqual(
    f.map((x) => x.text),
    ["'Hello {} {}'", "'1'", 'States.Formatt', "'SHA256'"],
  );
  assert.match(f[0].message, /^Invalid intrinsic function call in "greeting\.\$" in Parameters: the States\.Format template has 2/);
  assert.match(f[1].message, /"n\.\$" in Parameters/);
  assert.match(f[2].message, /Did you mean "States\.Format"\?$/);
  assert.match(f[3].message, /"h\.\$" in ItemSelector.*Did you mean "SHA-256"/);
  const d = findings(text, 'invalid-jsonpath');
  assert.deepEqual(d, []);
});

test('invalid-intrinsic: ranges survive JSON escapes (\\\\\' and \\")', () => {
  // Intrinsic text: States.Format('it\'s "{}"', $.a, $.b)  ->  in JSON both \ and " are escaped.
  const text = machine({ A: { Type: 'Pass', Parameters: { 'x.$': "States.Format('it\\'s \"{}\"', $.a, $.b)" }, End: true } });
  assert.ok(text.includes('\\\\\'s \\"'));
  const f = findings(text, 'invalid-intrinsic');
  assert.equal(f.length, 1);
  assert.equal(f[0].text, "'it\\\\'s \\\"{}\\\"'");
  const text2 = machine({ A: { Type: 'Pass', Parameters: { 'x.$': 'States.Array("\\u00e9", 1)' }, End: true } });
  const f2 = findings(text2, 'invalid-intrinsic');
  assert.equal(f2[0].text, '\\"\\\\u00e9\\"');
});

test('invalid-intrinsic: intrinsics only where AWS evaluates them', () => {
  const text = machine({
    A: { Type: 'Pass', InputPath: "States.Format('{}', $.a)", ResultPath: 'States.UUID()', Next: 'C' },
    C: { Type: 'Choice', Choices: [{ Variable: 'States.ArrayLength($.a)', NumericEquals: 1, Next: 'F' }], Default: 'F' },
    F: { Type: 'Fail', ErrorPath: "States.Format('E{}', $.code)", CausePath: 'States.JsonToString($.detail)' },
  });
  const f = findings(text, 'invalid-intrinsic');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"States.Format(\'{}\', $.a)"', '"States.UUID()"', '"States.ArrayLength($.a)"'],
  );
  assert.match(f[0].message, /Intrinsic functions are not allowed in "InputPath": use them in the value of a key ending in "\.\$"/);
  assert.match(f[2].message, /"Choices\[0\]\.Variable"/);
  assert.deepEqual(findings(text, 'invalid-jsonpath'), []);
});

test('invalid-intrinsic: Assign, Credentials, ItemReader, ItemBatcher, ResultWriter and Catch templates', () => {
  const text = machine({
    M: {
      Type: 'Map',
      End: true,
      Assign: { 'a.$': 'States.UUID(1)' },
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { 'Bucket.$': 'States.Array()x' } },
      ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { 'b.$': 'States.MathAdd(1)' } },
      ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { 'Prefix.$': "States.Format('{}')" } },
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'M', Assign: { 'e.$': 'States.Hash($.a)' } }],
      ItemProcessor: {
        StartAt: 'P',
        States: {
          P: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Credentials: { 'RoleArn.$': 'States.Formt($.r)' }, End: true },
        },
      },
    },
  });
  const f = findings(text, 'invalid-intrinsic');
  // A problem with the whole call covers the whole string, quotes included.
  assert.deepEqual(
    f.map((x) => x.text),
    ['1', 'x', '"States.MathAdd(1)"', "'{}'", '"States.Hash($.a)"', 'States.Formt'],
  );
  assert.match(f[0].message, /"a\.\$" in Assign/);
  assert.match(f[1].message, /"Bucket\.\$" in ItemReader\.Parameters: unexpected text after/);
  assert.match(f[2].message, /"b\.\$" in ItemBatcher\.BatchInput/);
  assert.match(f[3].message, /"Prefix\.\$" in ResultWriter\.Parameters/);
  assert.match(f[4].message, /"e\.\$" in Catch\[0\]\.Assign/);
  assert.match(f[5].message, /"RoleArn\.\$" in Credentials/);
});

test('invalid-intrinsic: JSONata states and placeholders', () => {
  const jsonata = machine({ A: { Type: 'Pass', QueryLanguage: 'JSONata', Parameters: { 'x.$': 'States.UUID(1)' }, End: true } });
  assert.deepEqual(findings(jsonata, 'invalid-intrinsic'), []);
  const placeholders = machine({
    A: {
      Type: 'Pass',
      End: true,
      Parameters: {
        'a.$': "States.Format('${Env}-{}', $.x)",
        'b.$': 'States.${Fn}($.x)',
        'c.$': 'States.ArrayRange(1, ${N}, 0)',
        'd.$': "States.Format('${T}', $.x)",
      },
    },
  });
  const f = findings(placeholders, 'invalid-intrinsic');
  // A placeholder standing for a whole argument may be any value; the zero step is still wrong.
  // The '{}' count of 'a' and 'd' and the name in 'b' depend on the substitution.
  assert.deepEqual(
    f.map((x) => x.text),
    ['0'],
  );
  assert.match(f[0].message, /"c\.\$" in Parameters.*must not be zero/);
  const after = machine({ A: { Type: 'Pass', End: true, Parameters: { 'c.$': "States.Array('${A}', States.UUID(1))" } } });
  assert.deepEqual(
    findings(after, 'invalid-intrinsic').map((x) => x.text),
    ['1'],
  );
});
