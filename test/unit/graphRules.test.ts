import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codes, findings, machine } from './helpers';

test('a valid machine has no findings of the graph rules', () => {
  const text = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Succeed' } });
  assert.deepEqual(codes(text), []);
});

test('unknown-state: Next names no state, with a suggestion', () => {
  const text = machine({ A: { Type: 'Pass', Next: 'Finsh' }, Finish: { Type: 'Succeed' } });
  const f = findings(text, 'unknown-state');
  assert.equal(f.length, 1);
  assert.equal(f[0].text, '"Finsh"');
  assert.match(f[0].message, /Did you mean "Finish"/);
});

test('unknown-state: StartAt names no state', () => {
  const text = machine({ A: { Type: 'Succeed' } }, {}, 'Nope');
  assert.equal(findings(text, 'unknown-state').length, 1);
});

test('unknown-state: a transition out of a Parallel branch is an error', () => {
  const text = machine({
    P: { Type: 'Parallel', Next: 'Done', Branches: [{ StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'Done' } } }] },
    Done: { Type: 'Succeed' },
  });
  const f = findings(text, 'unknown-state');
  assert.equal(f.length, 1);
  assert.match(f[0].message, /cannot cross/);
});

test('unreachable-state: transitive, tagged unnecessary', () => {
  const text = machine({ A: { Type: 'Succeed' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Succeed' } });
  const f = findings(text, 'unreachable-state');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"B"', '"C"'],
  );
  assert.match(f[1].message, /only unreachable states lead to it \("B"\)/);
});

test('no-terminal-path: a scope that loops forever', () => {
  const text = machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } });
  assert.deepEqual(codes(text), ['no-terminal-path']);
});

test('no-terminal-path: a trap loop in an otherwise finishing scope is a warning', () => {
  const text = machine({
    C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'L1' }], Default: 'End' },
    L1: { Type: 'Pass', Next: 'L2' },
    L2: { Type: 'Pass', Next: 'L1' },
    End: { Type: 'Succeed' },
  });
  const f = findings(text, 'no-terminal-path');
  assert.deepEqual(
    f.map((x) => x.text),
    ['"L1"', '"L2"'],
  );
});

test('duplicate-state: names are machine-wide; JSON keys unique', () => {
  const text = machine({
    P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'P', States: { P: { Type: 'Succeed' } } }] },
  });
  assert.equal(findings(text, 'duplicate-state').length, 1);
  const dupKey = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true,"End":true}}}';
  assert.equal(findings(dupKey, 'duplicate-state').length, 1);
});

test('states-all-not-last', () => {
  const text = machine({
    A: {
      Type: 'Pass',
      End: true,
      Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }],
      Catch: [{ ErrorEquals: ['States.ALL', 'Y'], Next: 'A' }],
    },
  });
  assert.equal(findings(text, 'states-all-not-last').length, 2);
});

test('json-syntax: errors reported and the rest still checked', () => {
  const text = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nope"},}}';
  const c = codes(text);
  assert.ok(c.includes('json-syntax'));
  assert.ok(c.includes('unknown-state'));
});

test('one typo, one finding: the intended target of a misspelt Next is not called unreachable', () => {
  const typoTarget = machine({ A: { Type: 'Pass', Next: 'Finsh' }, Finish: { Type: 'Succeed' } });
  assert.deepEqual(codes(typoTarget), ['unknown-state']);
  const typoKey = '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B"}, "B": {"Type": "Succeed"}}}';
  assert.ok(!codes(typoKey).includes('unreachable-state'));
  // A target with no plausible intended state leaves the rest unreachable, as it is.
  const noGuess = machine({ A: { Type: 'Pass', Next: 'Elsewhere' }, Finish: { Type: 'Succeed' } });
  assert.deepEqual(codes(noGuess).sort(), ['unknown-state', 'unreachable-state']);
});
