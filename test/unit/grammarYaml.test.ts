// The asl-yaml TextMate grammar (syntaxes/asl-yaml.tmLanguage.json) through vscode-textmate, as
// VS Code tokenizes: ASL keys, state types, state names after Next, CloudFormation tags,
// comments, quoted strings, block scalars and JSONata all get their scopes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { INITIAL, type IGrammar } from 'vscode-textmate';
import { loadGrammar } from './textmate';

let grammar: IGrammar;

before(async () => {
  grammar = await loadGrammar('asl-yaml.tmLanguage.json', 'source.asl-yaml');
});

const DOC = `# The order machine
StartAt: Validate
States:
  Validate:
    Type: Task
    Resource: !Sub "arn:aws:lambda:\${AWS::Region}:123456789012:function:validate"
    Parameters:
      id.$: $.orderId
      note: 'it''s'
    Next: Charge # then charge
  Charge:
    Type: Pass
    Output: |
      {% $states.input %}
    End: true
`;

/** The scopes of the text at the first occurrence of `needle` (its first token). */
function scopesAt(needle: string): string[] {
  const at = DOC.indexOf(needle);
  assert.ok(at >= 0, needle);
  let state = INITIAL;
  let lineStart = 0;
  for (const line of DOC.split('\n')) {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    if (at < lineStart + line.length + 1) {
      const col = at - lineStart;
      const tok = r.tokens.find((t) => t.startIndex <= col && col < t.endIndex)!;
      return tok.scopes;
    }
    lineStart += line.length + 1;
  }
  return [];
}

test('asl-yaml grammar: keys, ASL fields, state types and names', () => {
  assert.ok(scopesAt('StartAt:').includes('entity.name.tag.field.asl'));
  assert.ok(scopesAt('Validate:').includes('entity.name.tag.yaml'));
  assert.ok(scopesAt('Task').includes('support.type.state-type.asl'));
  assert.ok(scopesAt('Charge #').includes('entity.name.function.state.asl'));
  assert.ok(scopesAt('.$:').includes('keyword.control.path-suffix.asl'));
});

test('asl-yaml grammar: comments, tags, strings, placeholders, block scalars with JSONata', () => {
  assert.ok(scopesAt('# The order').some((s) => s.startsWith('comment.line')));
  assert.ok(scopesAt('# then').some((s) => s.startsWith('comment.line')));
  assert.ok(scopesAt('!Sub').some((s) => s.startsWith('support.function.intrinsic.cloudformation')));
  assert.ok(scopesAt('"arn:aws').includes('string.quoted.double.yaml'));
  assert.ok(scopesAt('${AWS::Region}').includes('variable.parameter.placeholder.asl'));
  assert.ok(scopesAt("''s'").includes('constant.character.escape.yaml'));
  assert.ok(scopesAt('$states.input').includes('meta.embedded.expression.jsonata.asl'));
  assert.ok(scopesAt('true').includes('constant.language.yaml'));
});
