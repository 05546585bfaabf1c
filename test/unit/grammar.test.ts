import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { loadGrammar, repoRoot } from './textmate';

const root = repoRoot();
let grammar: IGrammar;

before(async () => {
  grammar = await loadGrammar('asl.tmLanguage.json', 'source.asl');
});

interface Token {
  text: string;
  scopes: string[];
}

/** Tokenizes a whole document, line by line as the editor does. */
function tokenize(text: string): Token[][] {
  let state = INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/**
 * The tokens covering the `nth` occurrence of `needle` (a `«»` pair inside `needle` marks a narrower
 * part to report, so a short text can be located by its context: `"Type": "«Task»"`).
 */
function tokensAt(doc: string, needle: string, nth = 0): Token[] {
  const plain = needle.replace(/[«»]/g, '');
  const open = needle.indexOf('«');
  const from = open < 0 ? 0 : open;
  const to = open < 0 ? plain.length : needle.indexOf('»') - 1;
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = doc.indexOf(plain, at + 1);
    assert.ok(at >= 0, `"${plain}" occurs ${nth + 1} times in the sample`);
  }
  const start = at + from;
  const end = at + to;
  const lines = tokenize(doc);
  const out: Token[] = [];
  let lineStart = 0;
  for (const line of lines) {
    let pos = lineStart;
    for (const t of line) {
      const tEnd = pos + t.text.length;
      if (tEnd > start && pos < end) out.push(t);
      pos = tEnd;
    }
    lineStart = pos + 1;
  }
  assert.ok(out.length > 0, `tokens found for ${needle}`);
  assert.equal(
    out
      .map((t) => t.text)
      .join('')
      .includes(plain.slice(from, to)),
    true,
    `tokens cover ${needle}`,
  );
  return out;
}

function assertScope(doc: string, needle: string, scope: string, nth = 0): void {
  for (const t of tokensAt(doc, needle, nth)) {
    assert.ok(t.scopes.includes(scope), `${needle}: token "${t.text}" has ${scope}; got ${t.scopes.join(' ')}`);
  }
}

function assertNoScope(doc: string, needle: string, scope: string, nth = 0): void {
  for (const t of tokensAt(doc, needle, nth)) {
    assert.ok(!t.scopes.some((s) => s.startsWith(scope)), `${needle}: token "${t.text}" lacks ${scope}; got ${t.scopes.join(' ')}`);
  }
}

const machine = `{
  "Comment": "Orders",
  "StartAt": "Load order",
  "States": {
    "Load order": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": {
        "Payload.$": "$.order",
        "Type": "Pass",
        "Price": "$5",
        "Greeting.$": "States.Format('Hi {}, it\\\\'s {}', $.name, States.UUID())",
        "Id.$": "$$.Execution.Id"
      },
      "Retry": [{ "ErrorEquals": ["States.Timeout", "MyError"], "MaxAttempts": 2, "BackoffRate": 1.5 }],
      "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
      "Next": "Process"
    },
    "Process": {
      "Type": "Map",
      "QueryLanguage": "JSONata",
      "ItemReader": { "Resource": "arn:\${AWS::Partition}:states:::s3:getObject", "ReaderConfig": { "InputType": "CSV" } },
      "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED" }, "StartAt": "Pass", "States": { "Pass": { "Type": "Pass", "End": true } } },
      "ToleratedFailurePercentage": 5,
      "Items": "{% $states.input.items[price > 10] %}",
      "Output": { "total": "{% $sum($states.result.price) + 1 %}", "label": "{% 'x' & $myVar %}" },
      "Assign": { "count": 0, "first.$": "$.items[0]" },
      "Default": "Done",
      "End": true
    },
    "Failed": { "Type": "Fial", "Error": "States.TaskFailed", "Cause": "\${CauseText}", "InputPath": "$myVar.x" }
  }
}`;

test('state type values after "Type"', () => {
  assertScope(machine, '"Type": "«Task»"', 'support.type.state-type.asl');
  assertScope(machine, '"Type": "«Map»"', 'support.type.state-type.asl');
  assertScope(machine, '"Type": "«Pass»", "End"', 'support.type.state-type.asl');
  assertNoScope(machine, '"Type": "«Fial»"', 'support.type.state-type.asl');
  // Inside a payload "Type" is the user's key and its value plain data.
  assertNoScope(machine, '"Type": "«Pass»",\n', 'support.type.state-type.asl');
  assertNoScope(machine, '"«Type»": "Pass",\n', 'entity.name.tag.field.asl');
});

test('ASL field names are told apart from user keys', () => {
  for (const field of [
    'Comment',
    'StartAt',
    'States',
    'Resource',
    'Parameters',
    'Retry',
    'ErrorEquals',
    'MaxAttempts',
    'BackoffRate',
    'Catch',
    'QueryLanguage',
    'ItemReader',
    'ReaderConfig',
    'InputType',
    'ItemProcessor',
    'ProcessorConfig',
    'Mode',
    'ToleratedFailurePercentage',
    'Items',
    'Output',
    'Assign',
    'Default',
    'End',
    'InputPath',
  ]) {
    assertScope(machine, `"«${field}»":`, 'entity.name.tag.field.asl');
    assertScope(machine, `"«${field}»":`, 'support.type.property-name.json');
  }
  assertScope(machine, '"«Price»"', 'support.type.property-name.json');
  assertNoScope(machine, '"«Price»"', 'entity.name.tag');
  assertNoScope(machine, '"«total»"', 'entity.name.tag');
});

test('state names: keys of States and the targets of StartAt, Next and Default', () => {
  assertScope(machine, '"«Load order»": {', 'entity.name.function.state.asl');
  assertScope(machine, '"«Process»": {', 'entity.name.function.state.asl');
  assertScope(machine, '"StartAt": "«Load order»"', 'entity.name.function.state.asl');
  assertScope(machine, '"Next": "«Process»"', 'entity.name.function.state.asl');
  assertScope(machine, '"Next": "«Failed»"', 'entity.name.function.state.asl');
  assertScope(machine, '"Default": "«Done»"', 'entity.name.function.state.asl');
  assertNoScope(machine, '"Comment": "«Orders»"', 'entity.name.function');
});

test('keys ending in .$ and their JSONPath values', () => {
  assertScope(machine, '"Payload«.$»"', 'keyword.control.path-suffix.asl');
  assertScope(machine, '"«Payload».$"', 'support.type.property-name.json');
  assertScope(machine, '"Payload.$": "«$».order"', 'variable.language.root.asl');
  assertScope(machine, '"Payload.$": "$.«order»"', 'variable.other.property.asl');
  assertScope(machine, '"Id.$": "«$$».Execution.Id"', 'variable.language.context.asl');
  assertScope(machine, '"Id.$": "$$.«Execution».Id"', 'variable.other.property.asl');
  // In a payload a "$" string under a plain key is literal text, not a path.
  assertNoScope(machine, '"Price": "«$5»"', 'meta.jsonpath');
  assertScope(machine, '"Price": "«$5»"', 'string.quoted.double.json');
  // Structure fields take paths; JSONPath-mode variables are `$name`.
  assertScope(machine, '"InputPath": "«$myVar».x"', 'variable.other.asl');
  assertScope(machine, '"first.$": "$.items[«0»]"', 'constant.numeric.asl');
});

test('intrinsic function calls with their arguments', () => {
  assertScope(machine, '«States.Format»(', 'support.function.intrinsic.asl');
  assertScope(machine, '«States.UUID»()', 'support.function.intrinsic.asl');
  assertScope(machine, "«'Hi {}, it\\\\'s {}'»", 'string.quoted.single.intrinsic.asl');
  assertScope(machine, "'Hi «{}»", 'constant.other.placeholder.asl');
  assertScope(machine, "it«\\\\'»s", 'constant.character.escape.asl');
  assertScope(machine, '«, »$.name', 'meta.function-call.intrinsic.asl');
  assertScope(machine, '«$».name, States.UUID', 'variable.language.root.asl');
  assertScope(machine, '$.«name», States.UUID', 'variable.other.property.asl');
  // The closing quote of the JSON string is the string's own, not swallowed by the call.
  assertScope(machine, 'States.UUID())«"»', 'punctuation.definition.string.end.json');
});

test('JSONata blocks', () => {
  assertScope(machine, '"«{%» $states.input', 'punctuation.section.embedded.begin.jsonata');
  assertScope(machine, '«$states».input.items', 'variable.language.states.jsonata');
  assertScope(machine, '$states.input.items[price > «10»]', 'constant.numeric.jsonata');
  assertScope(machine, '$states.input.items[price «>» 10]', 'keyword.operator.jsonata');
  assertScope(machine, '«$sum»($states.result', 'support.function.builtin.jsonata');
  assertScope(machine, ') «+» 1 %}', 'keyword.operator.jsonata');
  assertScope(machine, "«'x'» & $myVar", 'string.quoted.single.jsonata');
  assertScope(machine, "'x' & «$myVar»", 'variable.other.jsonata');
  assertScope(machine, '1 «%}»"', 'punctuation.section.embedded.end.jsonata');
  assertScope(machine, '«$states».result.price', 'meta.embedded.expression.jsonata');
  assertScope(machine, '«$states».result.price', 'string.quoted.double.json');
});

test('error names', () => {
  assertScope(machine, '"«States.Timeout»"', 'support.constant.error.asl');
  assertScope(machine, '"«States.ALL»"', 'support.constant.error.asl');
  assertScope(machine, '"«States.TaskFailed»"', 'support.constant.error.asl');
  assertNoScope(machine, '"«MyError»"', 'support.constant.error');
});

test('ARNs, with placeholders', () => {
  assertScope(machine, '"«arn»:aws:states:::lambda:invoke"', 'keyword.other.arn.asl');
  assertScope(machine, '"arn:«aws»:states:::lambda:invoke"', 'support.constant.partition.asl');
  assertScope(machine, '"arn:aws:«states»:::lambda:invoke"', 'support.type.service.asl');
  assertScope(machine, '"arn:aws:states:::«lambda:invoke»"', 'meta.arn.asl');
  assertScope(machine, '"arn:«${AWS::Partition}»:states', 'variable.parameter.placeholder.asl');
  assertScope(machine, '"arn:${AWS::Partition}:«states»:::s3', 'support.type.service.asl');
  assertScope(machine, '"Cause": "«${CauseText}»"', 'variable.parameter.placeholder.asl');
});

test('enumerated values and Assign variables', () => {
  assertScope(machine, '"QueryLanguage": "«JSONata»"', 'support.constant.enum.asl');
  assertScope(machine, '"Mode": "«DISTRIBUTED»"', 'support.constant.enum.asl');
  assertScope(machine, '"InputType": "«CSV»"', 'support.constant.enum.asl');
  assertScope(machine, '"«count»": 0', 'variable.other.assignment.asl');
  assertScope(machine, '"«first».$"', 'variable.other.assignment.asl');
  assertScope(machine, '"first«.$»"', 'keyword.control.path-suffix.asl');
});

test('plain JSON: numbers, constants, punctuation, escapes', () => {
  assertScope(machine, '"MaxAttempts": «2»', 'constant.numeric.json');
  assertScope(machine, '"BackoffRate": «1.5»', 'constant.numeric.json');
  assertScope(machine, '"End": «true»', 'constant.language.json');
  assertScope(machine, '"ErrorEquals": «[»', 'punctuation.definition.array.begin.json');
  assertScope(machine, '"States.Timeout"«,» "MyError"', 'punctuation.separator.array.json');
  assertScope(machine, '"Retry": [«{»', 'punctuation.definition.dictionary.begin.json');
  const escaped = '{ "Comment": "say \\"hi\\"\\u0041", "Next": "a\\qb" }';
  assertScope(escaped, 'say «\\"»hi', 'constant.character.escape.json');
  assertScope(escaped, 'hi\\"«\\u0041»', 'constant.character.escape.json');
  assertScope(escaped, '"a«\\q»b"', 'invalid.illegal.unrecognized-string-escape.json');
});

test('half-typed documents do not spill highlighting into the next lines', () => {
  const doc = '{\n  "StartAt": "A,\n  "States": {\n    "A": { "Type": "Succeed" }\n  }\n}';
  assertScope(doc, '"«States»": {', 'entity.name.tag.field.asl');
  assertScope(doc, '"Type": "«Succeed»"', 'support.type.state-type.asl');
  const unterminatedJsonata = '{ "Output": "{% $states.input\n, "End": true }';
  assertScope(unterminatedJsonata, '"«End»"', 'entity.name.tag.field.asl');
  // A key whose colon is on the next line still gets a value, highlighted as usual.
  const split = '{ "States"\n  : { "A": { "Type": "Pass", "End": true } } }';
  assertScope(split, '"«States»"', 'entity.name.tag.field.asl');
  assertScope(split, '"Type": "«Pass»"', 'support.type.state-type.asl');
});

test('the committed grammar matches its generator', () => {
  const r = spawnSync(process.execPath, [join(root, 'syntaxes', 'build-grammar.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
