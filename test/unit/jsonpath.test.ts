import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePath, isSingular, textRangeOfValue, type PathOptions } from '../../server/src/core/jsonpath';
import { parseDocument } from '../../server/src/core';
import { findings, machine } from './helpers';

/** The error of a path, as [covered text, message], or 'ok'. */
function err(path: string, options?: PathOptions): 'ok' | [string, string] {
  const r = parsePath(path, options);
  if (!r.error) return 'ok';
  return [path.slice(r.error.offset, r.error.offset + r.error.length), r.error.message];
}

const ref: PathOptions = { kind: 'reference' };

test('valid paths of both kinds (spec Reference Path examples included)', () => {
  const both = [
    '$',
    '$$',
    '$$.Execution.Id',
    '$.a.b',
    "$['a b']",
    '$["x"]',
    '$[0]',
    '$.ledgers[0][22][315].foo',
    "$['store'][0]['book']",
    '$.store\\.book',
    '$.\\stor\\e.boo\\k',
    '$.foo\\@bar.baz\\[\\[.\\?pretty',
    '$.&Ж中.\uD800\uDF46',
    "$.abc.['def ghi']",
    '$.delivery-partner',
    '$order',
    '$order.id',
    '$order.items[0]',
    '$état.x',
    '$.0',
    "$['it\\'s']",
  ];
  for (const p of both) {
    assert.equal(err(p), 'ok', p);
    assert.equal(err(p, ref), 'ok', p);
  }
});

test('Paths that are not Reference Paths, with the offending step', () => {
  const cases: [string, string, RegExp][] = [
    ['$[*]', '*', /wildcard/],
    ['$.a[*].b', '*', /wildcard/],
    ['$.a.*', '*', /wildcard/],
    ['$..a', '..a', /deep scan/],
    ['$.a..[0]', '..[0]', /deep scan/],
    ['$.a[0:2]', '0:2', /slice/],
    ['$.a[:2]', ':2', /slice/],
    ['$.a[-2:]', '-2:', /slice/],
    ['$.a[1,2]', '[1,2]', /union/],
    ["$['a','b']", "['a','b']", /union/],
    ['$.a[-1]', '-1', /negative index/],
    ['$.a[?(@.price < 10)]', '?(@.price < 10)', /filter/],
    ['$[(@.length-1)].bar', '(@.length-1)', /script/],
  ];
  for (const [p, covered, message] of cases) {
    assert.equal(err(p), 'ok', p);
    const e = err(p, ref);
    assert.notEqual(e, 'ok', p);
    assert.equal(e[0], covered, p);
    assert.match(e[1], message, p);
    assert.match(e[1], /Reference Path must identify a single node/);
  }
});

test('filters: comparisons, logic, literals', () => {
  const ok = [
    '$.a[?(@.genre)]',
    '$.a[?(@.year == 1992)]',
    '$.a[?(@.year >= 1992)]',
    '$.a[?(@.price < -10.5)]',
    "$.a[?(@.name != 'x')]",
    '$.a[?(@.name == "x")]',
    '$.a[?(@.flag == true)]',
    '$.a[?(@.v == null)]',
    '$.a[?(@.a > 1 && (@.b == "x" || !@.c))]',
    '$.a[?(@.OutputKey == FooBar)]',
    '$.a[?(@.dest-code == 1)]',
    '$.a[?(@.b[0].c<3)]',
    '$..*',
    '$.store..price',
    '$.a[?( @.x==1 )]',
  ];
  for (const p of ok) assert.equal(err(p), 'ok', p);
});

test('syntax errors carry the exact range and a clear message', () => {
  const cases: [string, string, RegExp][] = [
    ['$.', '.', /expected a field name after '\.'/],
    ['$.a.', '.', /expected a field name after '\.'/],
    ['$..', '..', /after '\.\.'/],
    ['$.a[', '[', /unclosed '\['/],
    ['$.a[0', '[', /unclosed '\['/],
    ["$.a['b", "'b", /unclosed string/],
    ['$.a[]', '[]', /empty brackets/],
    ['$.a[x]', 'x', /quote field names, e.g\. \['x'\]/],
    ['$.a[0]]', ']', /without a matching '\['/],
    ['$.a b', ' ', /bracket notation/],
    ['$.a ', ' ', /space at the end/],
    ['$.length()', 'length()', /functions such as length\(\) are not supported/],
    ['$.a[1.5]', '1.5', /whole numbers/],
    ['$.a[1:2:3]', ':', /slice steps/],
    ['$.a[-]', '-', /number after '-'/],
    ['$.a[0,]', ']', /index after ','/],
    ['$$x', 'x', /expected '\.', '\[' or the end/],
    ['$-x', '-', /unexpected '-'/],
    ['$.a[?@.b]', '?', /expected '\(' after '\?'/],
    ['$.a[?(@.b == 1]', ']', /expected '\)' to close the filter/],
    ['$.a[?(@.b == 1', '(', /unclosed '\(' in the filter/],
    ['$.a[?(@.b =~ /x/)]', '=~', /regular-expression/],
    ['$.a[?(@.b in [1])]', 'in', /'in' operator is not supported/],
    ['$.a[?(@.b == $.c)]', '$', /references to other parts of the input/],
    ['$.a[?(@.b = 1)]', '=', /use '=='/],
    ['$.a[?(@.b == 1 & @.c)]', '&', /use '&&'/],
    ['$.a[?(1)]', '1', /a value alone is not a condition/],
    ['$.a[(@.size)]', '(@.size)', /\(@\.length-N\)/],
    ['$.a\\', '\\', /escapes nothing/],
    ['foo', 'foo', /must start with '\$'/],
    ['', '', /cannot be empty/],
  ];
  for (const [p, covered, message] of cases) {
    const e = err(p);
    assert.notEqual(e, 'ok', p);
    assert.equal(e[0], covered, `range of ${p}`);
    assert.match(e[1], message, p);
  }
});

test('pathological nesting is an error, not a stack overflow', () => {
  const deep = '$.a[?(' + '('.repeat(20000) + '@.b' + ')'.repeat(20000) + ')]';
  const e = err(deep);
  assert.notEqual(e, 'ok');
  assert.match(e[1], /nested too deeply/);
});

test('roots: variables and the context object can be refused', () => {
  assert.deepEqual(err('$order.id', { variables: false }), ['$order', 'a variable ($order) cannot be used here']);
  assert.deepEqual(err('$$.Execution', { context: false }), ['$$', "the context object ('$$') cannot be used here"]);
  assert.equal(err('$.order', { variables: false, context: false }), 'ok');
});

test('the tree is ready for evaluation', () => {
  const r = parsePath("$.store.book[?(@.price < 10 && @.tag == 'x')]..author[0,2]");
  assert.ok(r.ast);
  const ast = r.ast;
  assert.equal(ast.root, 'input');
  assert.deepEqual(
    ast.segments.map((s) => [s.descendant, s.notation, s.selectors.map((x) => x.type)]),
    [
      [false, 'dot', ['name']],
      [false, 'dot', ['name']],
      [false, 'bracket', ['filter']],
      [true, 'dot', ['name']],
      [false, 'bracket', ['index', 'index']],
    ],
  );
  const filter = ast.segments[2].selectors[0];
  assert.equal(filter.type, 'filter');
  if (filter.type === 'filter') {
    assert.equal(filter.expr.type, 'and');
    if (filter.expr.type === 'and') {
      const left = filter.expr.left;
      assert.equal(left.type, 'compare');
      if (left.type === 'compare') {
        assert.equal(left.op, '<');
        assert.equal(left.left.type, 'path');
        assert.deepEqual(left.right, { type: 'literal', value: 10, start: 25, end: 27 });
      }
    }
  }
  const v = parsePath('$order.items[-1]');
  assert.equal(v.ast?.root, 'variable');
  assert.equal(v.ast?.variable, 'order');
  assert.deepEqual(v.ast?.segments[1].selectors[0], { type: 'index', index: -1, start: 13, end: 15 });
  const slice = parsePath('$.a[1:]').ast?.segments[1].selectors[0];
  assert.deepEqual(slice, { type: 'slice', from: 1, start: 4, end: 6 });
  const escaped = parsePath('$.store\\.book').ast?.segments[0].selectors[0];
  assert.equal(escaped?.type === 'name' && escaped.name, 'store.book');
  assert.equal(isSingular(parsePath('$.a[0].b').ast!), true);
  assert.equal(isSingular(parsePath('$.a[*]').ast!), false);
});

test('textRangeOfValue maps value indexes through JSON escapes', () => {
  const text = '{"k": "a\\"b\\u00e9c\\\\d"}';
  const doc = parseDocument(text);
  const k = doc.tree!.get(0, 'k');
  assert.equal(doc.tree!.string(k), 'a"béc\\d');
  const node = doc.tree!.range(k);
  const at = (s: number, e: number) => {
    const r = textRangeOfValue(text, node, s, e);
    return text.slice(r.offset, r.offset + r.length);
  };
  assert.equal(at(0, 1), 'a');
  assert.equal(at(1, 2), '\\"');
  assert.equal(at(3, 4), '\\u00e9');
  assert.equal(at(4, 7), 'c\\\\d');
  assert.equal(at(2, 5), 'b\\u00e9c');
});

// ---- the rule over whole machines ----------------------------------------------------------

test('invalid-jsonpath: a valid JSONPath machine has no findings', () => {
  const text = machine({
    A: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Next: 'C',
      InputPath: '$.input',
      OutputPath: null,
      ResultPath: '$.result',
      ResultSelector: { 'p.$': '$.Payload' },
      Parameters: {
        FunctionName: 'f',
        'Payload.$': '$',
        'Ctx.$': '$$.Execution.Id',
        'V.$': '$order.id',
        Nested: { 'x.$': '$.a[*].b' },
        List: [{ 'y.$': '$..z' }],
      },
      TimeoutSecondsPath: '$.timeout',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'C' }],
    },
    C: {
      Type: 'Choice',
      Default: 'W',
      Choices: [
        {
          And: [{ Variable: '$.a[0]', IsPresent: true }, { Not: { Variable: '$$.Execution.Input.x', StringEqualsPath: '$.b' } }],
          Next: 'W',
        },
      ],
    },
    W: { Type: 'Wait', SecondsPath: '$.wait', Next: 'M' },
    M: {
      Type: 'Map',
      ItemsPath: '$.items',
      MaxConcurrencyPath: '$.max',
      Next: 'F',
      ItemSelector: { 'value.$': '$$.Map.Item.Value' },
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    },
    F: { Type: 'Fail', ErrorPath: '$.error', CausePath: "States.Format('failed: {}', $.cause)" },
  });
  assert.deepEqual(findings(text, 'invalid-jsonpath'), []);
  assert.deepEqual(findings(text, 'invalid-intrinsic'), []);
});

test('invalid-jsonpath: syntax errors point inside the string', () => {
  const text = machine({ A: { Type: 'Pass', InputPath: '$.a[0', OutputPath: '$.', End: true } });
  const f = findings(text, 'invalid-jsonpath');
  assert.deepEqual(
    f.map((x) => x.text),
    ['[', '.'],
  );
  assert.match(f[0].message, /^Invalid path in "InputPath": unclosed '\['\.$/);
  assert.match(f[1].message, /"OutputPath": expected a field name after '\.'/);
});

test('invalid-jsonpath: Reference Path fields refuse multi-node steps', () => {
  const text = machine({
    A: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      ResultPath: '$.a[*]',
      TimeoutSecondsPath: '$..t',
      HeartbeatSecondsPath: '$.h[0:1]',
      Next: 'W',
    },
    W: { Type: 'Wait', TimestampPath: '$.t[?(@.x)]', Next: 'M' },
    M: {
      Type: 'Map',
      ItemsPath: '$.items[1,2]',
      ToleratedFailureCountPath: '$.c[-1]',
      End: true,
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { MaxItemsPath: '$.m.*' } },
      ItemBatcher: { MaxItemsPerBatchPath: '$[*]' },
      ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    },
  });
  const f = findings(text, 'invalid-jsonpath');
  assert.deepEqual(
    f.map((x) => x.text),
    ['*', '..t', '0:1', '?(@.x)', '[1,2]', '-1', '*', '*'],
  );
  assert.match(f[0].message, /"ResultPath".*wildcard/);
  assert.match(f[6].message, /"ItemReader\.ReaderConfig\.MaxItemsPath"/);
  assert.match(f[7].message, /"ItemBatcher\.MaxItemsPerBatchPath"/);
});

test('invalid-jsonpath: ResultPath cannot name a variable or the context object; Paths elsewhere can', () => {
  const text = machine({
    A: { Type: 'Pass', ResultPath: '$order.total', Next: 'B' },
    B: { Type: 'Pass', ResultPath: '$$.Execution', InputPath: '$order', Next: 'C' },
    C: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      End: true,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$err', Next: 'A' }],
    },
  });
  const f = findings(text, 'invalid-jsonpath');
  assert.deepEqual(
    f.map((x) => x.text),
    ['$order', '$$', '"$err"'],
  );
  assert.match(f[0].message, /"ResultPath" cannot refer to a variable \(\$order\).*Assign/);
  assert.match(f[1].message, /cannot start with '\$\$'/);
  assert.match(f[2].message, /"Catch\[0\]\.ResultPath"/);
});

test('invalid-jsonpath: Choice rule Variable and *Path comparators, nested in And/Or/Not', () => {
  const text = machine({
    C: {
      Type: 'Choice',
      Default: 'D',
      Choices: [
        { Variable: 'x', StringEquals: 'a', Next: 'D' },
        { Or: [{ Variable: '$.a', NumericGreaterThanPath: '$.b[' }, { Not: { Variable: '$.c d', IsNull: true } }], Next: 'D' },
      ],
    },
    D: { Type: 'Succeed' },
  });
  const f = findings(text, 'invalid-jsonpath');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"x"', '[', ' '],
  );
  assert.match(f[0].message, /"Choices\[0\]\.Variable": a path must start with '\$'/);
  assert.match(f[1].message, /"Choices\[1\]\.Or\[0\]\.NumericGreaterThanPath"/);
  assert.match(f[2].message, /"Choices\[1\]\.Or\[1\]\.Not\.Variable"/);
});

test('invalid-jsonpath: payload template values of keys ending in .$', () => {
  const text = machine({
    A: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      End: true,
      Parameters: { 'a.$': 'hello', 'b.$': 42, c: '$.not.checked', deep: [{ 'd.$': '$.x[' }], 'e.$': '$.ok', 'n.$': null },
      ResultSelector: { 'r.$': '$..[' },
      Credentials: { 'RoleArn.$': 'role' },
      Assign: { 'v.$': '$.y.' },
    },
  });
  const f = findings(text, 'invalid-jsonpath');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"hello"', '42', '[', 'null', '[', '"role"', '.'],
  );
  assert.match(
    f[0].message,
    /The value of "a\.\$" in Parameters must be a path starting with '\$' or an intrinsic function call.*remove "\.\$"/,
  );
  assert.match(f[1].message, /"b\.\$" in Parameters must be a string/);
  assert.match(f[2].message, /"d\.\$" in Parameters/);
  assert.match(f[3].message, /"n\.\$" in Parameters must be a string/);
  assert.match(f[4].message, /"r\.\$" in ResultSelector/);
  assert.match(f[5].message, /"RoleArn\.\$" in Credentials/);
  assert.match(f[6].message, /"v\.\$" in Assign/);
});

test('invalid-jsonpath: ErrorPath and CausePath take a Reference Path or an intrinsic', () => {
  const text = machine({ F: { Type: 'Fail', ErrorPath: '$.errors[*]', CausePath: 'Something failed' } });
  const f = findings(text, 'invalid-jsonpath');
  assert.deepEqual(
    f.map((x) => x.text),
    ['*', '"Something failed"'],
  );
  assert.match(
    f[1].message,
    /"CausePath" must be a Reference Path starting with '\$' or an intrinsic function call; for a fixed value, use "Cause" instead/,
  );
});

test('invalid-jsonpath: ranges survive JSON escapes in the string', () => {
  // The value is  $['a"b'].c d  : the space sits after a JSON escape.
  const text = machine({ A: { Type: 'Pass', InputPath: "$['a\"b'].c d", End: true } });
  assert.ok(text.includes('\\"'));
  const f = findings(text, 'invalid-jsonpath');
  assert.equal(f.length, 1);
  assert.equal(f[0].text, ' ');
  const text2 = machine({ A: { Type: 'Pass', Parameters: { 'x.$': '$.a\\\\b.[' }, End: true } });
  assert.deepEqual(
    findings(text2, 'invalid-jsonpath').map((x) => x.text),
    ['['],
  );
});

test('invalid-jsonpath: JSONata states, JSONata strings and placeholders are left alone', () => {
  const jsonata = machine({ A: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $x %}', End: true } });
  assert.deepEqual(findings(jsonata, 'invalid-jsonpath'), []);
  const topLevel = machine({ A: { Type: 'Pass', InputPath: '$.[', End: true } }, { QueryLanguage: 'JSONata' });
  assert.deepEqual(findings(topLevel, 'invalid-jsonpath'), []);
  const mixed = machine({ A: { Type: 'Pass', QueryLanguage: 'JSONPath', InputPath: '$.[', End: true } }, { QueryLanguage: 'JSONata' });
  assert.equal(findings(mixed, 'invalid-jsonpath').length, 1);
  const jsonataString = machine({ A: { Type: 'Pass', Parameters: { 'x.$': '{% $y %}' }, End: true } });
  assert.deepEqual(findings(jsonataString, 'invalid-jsonpath'), []);
  const placeholders = machine({
    A: {
      Type: 'Pass',
      InputPath: '${InPath}',
      OutputPath: '$.${Stage}.x',
      ResultPath: '$.${Key}[',
      Parameters: { 'p.$': '${Expr}' },
      End: true,
    },
  });
  const f = findings(placeholders, 'invalid-jsonpath');
  assert.deepEqual(
    f.map((x) => x.text),
    ['['],
  );
  // Without placeholder support, "${X}" is a path from '$' followed by a stray '{'.
  assert.deepEqual(
    findings(placeholders, 'invalid-jsonpath', { placeholders: false }).map((x) => x.text),
    ['{', '[', '{'],
  );
});

test('invalid-jsonpath: half-typed and malformed documents do not crash', () => {
  const texts = [
    '{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a[", ',
    '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"x.$": }}}}',
    '{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [1, {"Not": 2}, {"And": {}}]}}}',
    '{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "$.a\\u00',
    '{"StartAt": "A", "States": {"A": 5, "B": {"Catch": [null, {"ResultPath": 1}], "ItemReader": [], "ItemBatcher": "x"}}}',
  ];
  for (const t of texts) {
    assert.doesNotThrow(() => findings(t, 'invalid-jsonpath'));
    assert.deepEqual(findings(t, 'internal-error'), []);
  }
});
