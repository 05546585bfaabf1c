import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import jsonata from 'jsonata';
import { analyzeJsonata, compileJsonata, JSONATA_FUNCTIONS, parseJsonata } from '../../server/src/core/jsonata';
import { findings, machine } from './helpers';

const J = { QueryLanguage: 'JSONata' };
const pass = (output: unknown) => machine({ A: { Type: 'Pass', Output: output, End: true } }, J);
const bad = (text: string) => findings(text, 'invalid-jsonata');
/** 0-based line of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

// --- The fast parser agrees with the library -----------------------------------------------

const SEEDS = [
  '$states.input.order.total > 100',
  "$merge([$states.input, {'a': $states.result.Payload}])",
  '($x := 1; $y := $x + 2; $y)',
  'function($a, $b){$a + $b}(1, 2)',
  'λ($x){$x * 2}',
  '$map([1,2,3], function($v, $i){ $v * $i })',
  'a.b[c > 1].d',
  'a[0][1]',
  '$sum(items.(price * qty))',
  "$count(a) = 0 ? 'none' : 'some'",
  'a ?: b',
  "a ?? 'x'",
  '[1..5]',
  '[1..$n]',
  "{ 'k': v, 'j': [1, 2] }",
  'a{ b: c }',
  'a^(>b, <c)',
  'a@$x.b#$i[$i > 0]',
  '$string(a) & \' \' & "b"',
  '/ab+c/i',
  '$match(s, /a(b)c/)',
  'a / b',
  'a % b',
  'a.%.b',
  '**.x',
  '*.y',
  "| a | {'x': 1}, ['y'] |",
  '$f(?, 2)',
  'a ~> $uppercase()',
  'a in [1, 2]',
  'a and b or c',
  '`with space`.x',
  '-1',
  '-a.b',
  '1.5e3 + 0.1',
  'true and false or null',
  '/* c */ a',
  '$',
  '$$',
  '$.x',
  '$$.x',
  'a != b and c <= d',
  "'a\\nb\\u00e9'",
  'function($x)<n:n>{$x}',
  'a[]',
  '(a; b; c)',
  '()',
  '[]',
  '{}',
];
const NOISE = [
  ' ',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ';',
  ':',
  '.',
  '$',
  "'",
  '"',
  '/',
  '*',
  '-',
  '?',
  '@',
  '#',
  '%',
  '|',
  '^',
  '~',
  '!',
  '<',
  '>',
  '=',
  '&',
  'a',
  '1',
  '\\',
  '`',
  '..',
  ':=',
];

test('the fast parser accepts and rejects exactly what the jsonata library does', () => {
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const corpus = new Set(SEEDS);
  for (const s of SEEDS) {
    for (let k = 0; k < 60; k++) {
      let e = s;
      for (let j = 0; j < 1 + Math.floor(rnd() * 2); j++) {
        const p = Math.floor(rnd() * (e.length + 1));
        e = rnd() < 0.5 ? e.slice(0, p) + NOISE[Math.floor(rnd() * NOISE.length)] + e.slice(p) : e.slice(0, p) + e.slice(p + 1);
      }
      corpus.add(e);
    }
  }
  let rejected = 0;
  const disagreements: string[] = [];
  for (const e of corpus) {
    let library = true;
    try {
      jsonata(e);
    } catch {
      library = false;
    }
    if (!library) rejected++;
    const mine = parseJsonata(e);
    // Parsed-but-unconfirmed expressions are judged by the library: only firm answers must agree.
    if (mine.ok && mine.confirm) continue;
    if (mine.ok !== library) disagreements.push(e);
  }
  assert.deepEqual(disagreements, []);
  assert.ok(rejected > corpus.size / 4, 'the corpus has plenty of invalid expressions');
});

test("the function list is the library's, minus $eval", () => {
  // The library binds its functions with `staticFrame.bind('name', ...)`.
  const source = readFileSync(require.resolve('jsonata'), 'utf8');
  const bound = new Set([...source.matchAll(/staticFrame\.bind\('(\w+)'/g)].map((m) => m[1]));
  bound.add('now');
  bound.add('millis');
  bound.delete('eval');
  assert.deepEqual([...JSONATA_FUNCTIONS].sort(), [...bound].sort());
});

test('compileJsonata: the compiled expression, memoised, or a located error', async () => {
  const ok = compileJsonata('$sum([1, 2])');
  assert.ok(ok.ok);
  assert.equal(await ok.expression.evaluate({}), 3);
  assert.equal(compileJsonata('$sum([1, 2])'), ok);
  const err = compileJsonata('1 + (2');
  assert.ok(!err.ok);
  assert.equal(err.error.code, 'S0203');
  assert.equal(err.error.atEnd, true);
  const tok = compileJsonata('a ; b');
  assert.ok(!tok.ok);
  assert.deepEqual([tok.error.start, tok.error.end], [2, 3]);
});

test('analyzeJsonata: variables, not bound names, functions or $states', () => {
  const a = analyzeJsonata(' ($t := $total; $f := function($v){ $v * $rate }; $f($t) & $states.input.x & $sum($xs) & $count) ');
  assert.deepEqual(
    a.variables.map((v) => [v.name, v.alsoFunction ?? false]),
    [
      ['total', false],
      ['rate', false],
      ['xs', false],
      ['count', true],
    ],
  );
  assert.deepEqual(
    a.statesFields.map((f) => f.name),
    ['input'],
  );
  assert.deepEqual(a.unknownFunctions, []);
  const focus = analyzeJsonata('items@$i.(price * $i.qty)#$n[$n > $limit]');
  assert.deepEqual(
    focus.variables.map((v) => v.name),
    ['limit'],
  );
});

// --- invalid-jsonata over whole machines -------------------------------------------------------

test('a syntax error is reported at its token', () => {
  assert.deepEqual(
    bad(pass('{% ($x := 1; $x)) %}')).map((f) => f.text),
    [')'],
  );
  const f = bad(pass('{% $a := 1; $a %}'));
  assert.equal(f[0].text, ';');
  assert.match(f[0].message, /Invalid JSONata in "Output": Syntax error: ";"\..*wrap them in parentheses/);
});

test('an expression that stops short is reported at its closing %}', () => {
  const f = bad(pass('{% $states.input.a + %}'));
  assert.equal(f.length, 1);
  assert.equal(f[0].text, '%}');
  assert.match(f[0].message, /Unexpected end of expression\. The expression is incomplete/);
});

test('positions account for JSON escapes before the error', () => {
  // In the file: "{% \"caf\u00e9\\n\" & $states.input.y ] %}" — escapes of 2 and 6 characters.
  const text = pass('{% "café\\n" & $states.input.y ] %}').replace('é', '\\u00e9');
  assert.ok(text.includes('\\"caf\\u00e9\\\\n\\"'));
  assert.deepEqual(
    bad(text).map((f) => f.text),
    [']'],
  );
  const unterminated = bad(pass("{% 'abc %}"));
  assert.deepEqual(
    unterminated.map((f) => f.text),
    ["'abc "],
  );
  assert.match(unterminated[0].message, /String literal must be terminated/);
});

test('$eval and unknown functions', () => {
  const f = bad(pass('{% $eval($states.input.s) & $sumx([1]) & $partition([1], 1) & $uuid() %}'));
  assert.deepEqual(
    f.map((x) => x.text),
    ['$eval', '$sumx'],
  );
  assert.match(f[0].message, /use "\$parse"/);
  assert.match(f[1].message, /Unknown function "\$sumx".*Did you mean "\$sum"\?/);
  // A function bound in the expression is known.
  assert.deepEqual(bad(pass('{% ($double := function($v){ $v * 2 }; $double(2)) %}')), []);
});

test('$states.result only in the Output and Assign of Task, Parallel and Map; errorOutput only in a Catch', () => {
  const text = machine(
    {
      T: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { Payload: '{% $states.result %}' },
        Output: '{% $states.result.Payload %}',
        Assign: { r: '{% $states.result %}' },
        Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Assign: { e: '{% $states.result %}' }, Next: 'P' }],
        Next: 'P',
      },
      P: { Type: 'Pass', Output: '{% [$states.errorOutput, $states.result, $states.inptu, $states.context] %}', End: true },
    },
    J,
  );
  const f = bad(text);
  const args = lineOf(text, '"Payload": "{% $states.result');
  const catchAssign = lineOf(text, '"e": ');
  const p = lineOf(text, 'inptu');
  assert.deepEqual(
    f.map((x) => [x.text, x.line]),
    [
      ['result', args],
      ['result', catchAssign],
      ['errorOutput', p],
      ['result', p],
      ['inptu', p],
    ],
  );
  assert.match(f[0].message, /"\$states.result" is not available in "Arguments": the result exists only after the task has run/);
  assert.match(f[1].message, /in a Catch the state has failed.*\$states.errorOutput/);
  assert.match(f[2].message, /only in the "Output" and "Assign" of a Catch/);
  assert.match(f[3].message, /a Pass state has no result/);
  assert.match(f[4].message, /no field "inptu".*Did you mean "input"\?/);
});

test('delimiters: half-open, padded or embedded expressions', () => {
  const f = bad(pass({ a: '{% $x', b: ' {% $x %}', c: 'Total: {% $x %}', d: '{% 1 %} ', e: '50% off', f: 'a %} b' }));
  assert.deepEqual(
    f.map((x) => x.text),
    ['"{% $x"', '" {% $x %}"', '"Total: {% $x %}"', '"{% 1 %} "'],
  );
  assert.match(f[0].message, /does not end with "%}"/);
  assert.match(f[1].message, /no leading spaces/);
  assert.match(f[2].message, /must be the whole string.*concatenate/);
  assert.match(f[3].message, /no trailing spaces/);
  assert.match(bad(pass('{%%}'))[0].message, /Empty JSONata expression/);
  assert.match(bad(pass('{%}'))[0].message, /starts with "\{%" but does not end with "%\}"/);
});

test('Choice Condition: an expression or a boolean', () => {
  const text = machine(
    {
      C: {
        Type: 'Choice',
        Choices: [
          { Condition: '$states.input.x > 1', Next: 'D' },
          { Condition: true, Next: 'D' },
          { Condition: 5, Next: 'D' },
          { Condition: '{% $states.input.x > 1 %}', Next: 'D' },
        ],
        Default: 'D',
      },
      D: { Type: 'Succeed' },
    },
    J,
  );
  const f = bad(text);
  assert.deepEqual(
    f.map((x) => x.text),
    ['"$states.input.x > 1"', '5'],
  );
  assert.match(f[0].message, /would be taken literally.*Wrap it in "\{%" and "%\}"/);
  assert.match(f[1].message, /or a boolean, not a number/);
});

test('only evaluated fields of JSONata states count, at any depth; placeholders are left alone', () => {
  const text = machine(
    {
      B: { Type: 'Pass', Comment: '{% not evaluated', Output: '{% $states.input.${Field} %}', Next: 'C' },
      C: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Arguments: { FunctionName: 'f', Payload: { deep: ['{% $states.input.a ) %}'] } },
        End: true,
      },
    },
    J,
  );
  assert.deepEqual(
    bad(text).map((f) => f.text),
    [')'],
  );
});

test('JSONPath states do not evaluate {% %}: nothing to report', () => {
  const text = machine({
    A: { Type: 'Pass', Parameters: { x: '{% 1 + %}', 'y.$': '$.y' }, Next: 'B' },
    B: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.x + %}', End: true },
  });
  assert.deepEqual(
    bad(text).map((f) => [f.text, f.line]),
    [['%}', lineOf(text, '"Output"')]],
  );
});

test('valid expressions give no findings', () => {
  const text = machine(
    {
      M: {
        Type: 'Map',
        Items: '{% $states.input.items %}',
        ItemSelector: { v: '{% $states.context.Map.Item.Value %}' },
        ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Pass', Output: "{% $states.input.v ~> $string() & '!' %}", End: true } } },
        Output: '{% $states.result[$ != null] %}',
        End: true,
      },
    },
    J,
  );
  assert.deepEqual(bad(text), []);
});
