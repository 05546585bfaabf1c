/** The mock file as a document: diagnostics, completion, hover, rename edits and which errors stop a run. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/core';
import { definitionInfo, loadMockFile } from '../../server/src/core/engine/mocks';
import {
  blockingErrors,
  completeMockFile,
  hoverMockFile,
  looksLikeMockFile,
  mockFileDiagnostics,
  mockStateRefAt,
  moduleExports,
  readOutline,
  renameInMockFile,
  type MockEditingEnvironment,
} from '../../server/src/core/mockfile';
import { applyEdits } from './language-helpers';

const MACHINE = JSON.stringify({
  StartAt: 'Validate',
  States: {
    Validate: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:validate', Next: 'Route' },
    Route: { Type: 'Choice', Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Charge' }], Default: 'Done' },
    Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'charge' }, Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
});
const INFO = definitionInfo(analyze(MACHINE).machine, 'orders');

function env(extra: Partial<MockEditingEnvironment> = {}): MockEditingEnvironment {
  return { machineNames: () => ['orders', 'billing'], definition: (n) => (n === 'orders' ? INFO : undefined), ...extra };
}

/** The text without its `|`, and the offset of the `|`. */
function at(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

const MOCKS = `{
  "StateMachines": {
    "orders": {
      "TestCases": {
        "Happy": { "Validate": "Valid", "Charge": "Charged", "$test": { "ExpectedPath": ["Validate", "Route", "Chrage"] } },
        "Broken": { "Chrage": "Charged", "Validate": "Missing" }
      }
    }
  },
  "MockedResponses": {
    "Valid": { "0": { "Return": { "ok": true } } },
    "Charged": { "0": { "Return": { "id": 1 } }, "2": { "Throw": { "Error": "Boom", "Cause": "c" } } },
    "Overlap": { "0-1": { "Return": 1 }, "1": { "Return": 2 } }
  },
  "LocalHandlers": { "validate": "handlers/validate.mjs#handle", "charge": "handlers/none.mjs" }
}`;

describe('mock file detection', () => {
  test('a JSON object with StateMachines or MockedResponses and no States is a mock file', () => {
    assert.equal(looksLikeMockFile(readOutline(MOCKS).tree), true);
    assert.equal(looksLikeMockFile(readOutline(MACHINE).tree), false);
    assert.equal(looksLikeMockFile(readOutline('{"MockedResponses": {}}').tree), true);
    assert.equal(looksLikeMockFile(readOutline('[1]').tree), false);
  });
});

describe('mock file diagnostics', () => {
  const found = mockFileDiagnostics(MOCKS, {
    definition: (n) => (n === 'orders' ? INFO : undefined),
    handlerModule: (path) => (path === 'handlers/validate.mjs' ? { exists: true, exports: ['handler', 'validate'] } : { exists: false }),
  });
  const messages = (code: string) =>
    found.filter((d) => d.code === code).map((d) => `${MOCKS.slice(d.offset, d.offset + d.length)}: ${d.message}`);

  test('a test case naming a state the machine does not have', () => {
    const unknown = messages('mock-unknown-state');
    assert.ok(unknown.includes('"Chrage": State machine "orders" has no state named "Chrage". Did you mean "Charge"?'), unknown.join('\n'));
    assert.ok(
      unknown.some((m) => m.startsWith('"Chrage": "ExpectedPath" names "Chrage"')),
      unknown.join('\n'),
    );
  });

  test('a response name that is not defined', () => {
    assert.deepEqual(messages('mock-unknown-response'), [
      '"Missing": No mocked response named "Missing" in "MockedResponses". Add it there, or fix the name.',
    ]);
  });

  test('invocation keys that overlap or leave a gap', () => {
    const index = messages('mock-invalid-index');
    assert.ok(
      index.some((m) => m.startsWith('"2": "Charged" has no answer for invocation 1')),
      index.join('\n'),
    );
    assert.ok(
      index.some((m) => m.startsWith('"1": Invocation 1 is already answered')),
      index.join('\n'),
    );
  });

  test('a handler file or export that does not exist', () => {
    assert.deepEqual(messages('mock-invalid-handler').sort(), [
      '"handlers/none.mjs": The handler file "handlers/none.mjs" does not exist (paths are relative to the mock file).',
      '"handlers/validate.mjs#handle": "handlers/validate.mjs" has no export named "handle". Did you mean "handler"?',
    ]);
  });

  test('a handler for a function no machine of the file calls, when it looks like a typo', () => {
    const text = MOCKS.replace('"charge": "handlers/none.mjs"', '"chrage": "handlers/none.mjs"');
    const d = mockFileDiagnostics(text, { definition: (n) => (n === 'orders' ? INFO : undefined) });
    assert.deepEqual(
      d.filter((x) => x.code === 'mock-invalid-handler').map((x) => x.message),
      ['No Task of the machines in this file calls a function named "chrage". Did you mean "charge"?'],
    );
  });

  test('the schema of the format and our additions', () => {
    const d = mockFileDiagnostics('{ "StateMachine": {}, "MockedResponses": { "R": { "0": { "Returns": 1 } } } }', {
      definition: () => undefined,
    });
    assert.ok(d.some((x) => x.code === 'mock-unknown-field' && /Did you mean "StateMachines"\?/.test(x.message)));
    assert.ok(d.some((x) => x.code === 'mock-invalid-answer'));
  });

  test('a machine the workspace does not have is not checked against anything', () => {
    const other = MOCKS.replace('"orders"', '"elsewhere"');
    assert.equal(
      mockFileDiagnostics(other, { definition: (n) => (n === 'orders' ? INFO : undefined) }).filter((d) => d.code === 'mock-unknown-state')
        .length,
      0,
    );
  });
});

describe('which errors stop a run', () => {
  const loaded = loadMockFile(MOCKS, INFO);
  test("the chosen test case is clean: the others' and unused responses' errors do not stop it", () => {
    assert.deepEqual(blockingErrors(MOCKS, loaded.diagnostics, 'orders', 'Happy'), []);
  });
  test('the chosen test case is the broken one', () => {
    const errs = blockingErrors(MOCKS, loaded.diagnostics, 'orders', 'Broken')
      .map((d) => d.code)
      .sort();
    assert.deepEqual(errs, ['mock-unknown-response', 'mock-unknown-state']);
  });
  test('a response the chosen case uses is broken', () => {
    const text = MOCKS.replace('"Valid": { "0":', '"Valid": { "x":');
    const errs = blockingErrors(text, loadMockFile(text, INFO).diagnostics, 'orders', 'Happy');
    assert.deepEqual(
      errs.map((d) => d.code),
      ['mock-invalid-index'],
    );
  });
  test('no test case: no mocks are read, so test cases do not stop it', () => {
    assert.deepEqual(blockingErrors(MOCKS, loaded.diagnostics, 'orders', undefined), []);
  });
});

describe('mock file completion', () => {
  const labels = (marked: string, e = env()) => {
    const { text, offset } = at(marked);
    return completeMockFile(text, offset, e).map((i) => i.label);
  };

  test('machine names of the workspace', () => {
    assert.deepEqual(labels('{ "StateMachines": { "or|" } }'), ['orders', 'billing']);
  });

  test('state names of that machine (the Tasks), and $test', () => {
    assert.deepEqual(labels('{ "StateMachines": { "orders": { "TestCases": { "A": { "C|" } } } } }'), ['Validate', 'Charge', '$test']);
  });

  test('every state name in ExpectedPath', () => {
    assert.deepEqual(labels('{ "StateMachines": { "orders": { "TestCases": { "A": { "$test": { "ExpectedPath": ["|"] } } } } } }'), [
      'Validate',
      'Route',
      'Charge',
      'Done',
    ]);
  });

  test('response names for a mocked state', () => {
    const { text, offset } = at(
      '{ "StateMachines": { "orders": { "TestCases": { "A": { "Charge": "Ch|" } } } }, "MockedResponses": { "Charged": {}, "Valid": {} } }',
    );
    const items = completeMockFile(text, offset, env());
    assert.deepEqual(
      items.map((i) => i.label),
      ['Charged', 'Valid'],
    );
    assert.match(applyEdits(text, [items[0].edit]), /"Charge": "Charged" \}/);
  });

  test('handler function names, paths, and the exports after #', () => {
    assert.deepEqual(labels('{ "LocalHandlers": { "|" } }'), ['validate', 'charge']);
    const files = {
      handlerFiles: () => ['handlers/a.mjs'],
      handlerModule: () => ({ exists: true as const, exports: ['handler', 'other'] }),
    };
    assert.deepEqual(labels('{ "LocalHandlers": { "charge": "h|" } }', env(files)), ['handlers/a.mjs#handler']);
    const { text, offset } = at('{ "LocalHandlers": { "charge": "handlers/a.mjs#o|" } }');
    const items = completeMockFile(text, offset, env(files));
    assert.deepEqual(
      items.map((i) => i.label),
      ['handler', 'other'],
    );
    assert.equal(applyEdits(text, [items[1].edit]), '{ "LocalHandlers": { "charge": "handlers/a.mjs#other" } }');
  });
});

describe('mock file hover and rename', () => {
  test('hover on a mocked state says what each call returns or throws', () => {
    const offset = MOCKS.indexOf('"Charge": "Charged"') + 2;
    const h = hoverMockFile(MOCKS, offset);
    assert.ok(h);
    assert.match(h.contents, /\*\*Charge\*\* is answered by `Charged`/);
    assert.match(h.contents, /call 1: returns\n\n```json\n\{\n  "id": 1\n\}/);
    assert.match(h.contents, /call 3: throws `Boom` \(c\)/);
  });

  test("hover on a response's name lists the test cases and states it answers", () => {
    const h = hoverMockFile(MOCKS, MOCKS.indexOf('"Charged": {') + 2);
    assert.equal(h?.contents, '`Charged` answers:\n\n- `orders` › `Happy` › `Charge`\n- `orders` › `Broken` › `Chrage`');
    assert.equal(hoverMockFile(MOCKS, MOCKS.indexOf('"Overlap"') + 2)?.contents, '`Overlap` is not used by any test case.');
  });

  test("renaming a state renames the test cases' keys and ExpectedPath items of that machine only", () => {
    const text = MOCKS.replace('"Route", "Chrage"', '"Route", "Charge"') + '';
    const edits = renameInMockFile(text, 'orders', 'Charge', 'Pay');
    const after = applyEdits(text, edits);
    assert.match(after, /"Pay": "Charged", "\$test": \{ "ExpectedPath": \["Validate", "Route", "Pay"\] \}/);
    assert.deepEqual(renameInMockFile(text, 'billing', 'Charge', 'Pay'), []);
  });

  test('the state named at the cursor: a test case key or an ExpectedPath item, not a response or $test', () => {
    const key = mockStateRefAt(MOCKS, MOCKS.indexOf('"Charge": "Charged"') + 3);
    assert.deepEqual(key && { ...key, text: MOCKS.slice(key.offset, key.offset + key.length) }, {
      machine: 'orders',
      name: 'Charge',
      offset: MOCKS.indexOf('"Charge": "Charged"') + 1,
      length: 6,
      text: 'Charge',
    });
    assert.equal(mockStateRefAt(MOCKS, MOCKS.indexOf('"Route", "Chrage"') + 2)?.name, 'Route');
    assert.equal(mockStateRefAt(MOCKS, MOCKS.indexOf('"Charged"') + 2), undefined);
    assert.equal(mockStateRefAt(MOCKS, MOCKS.indexOf('"$test"') + 2), undefined);
  });
});

describe('module exports read from the text', () => {
  test('ES module and CommonJS forms', () => {
    assert.deepEqual(moduleExports('export async function handler() {}\nexport const a = 1;\nexport { b as c, d };')?.sort(), [
      'a',
      'c',
      'd',
      'handler',
    ]);
    assert.deepEqual(moduleExports('exports.handler = async () => {};\nmodule.exports.other = 1;')?.sort(), ['handler', 'other']);
    assert.deepEqual(moduleExports('module.exports = { handler, other: () => 1, third() {} };')?.sort(), ['handler', 'other', 'third']);
    assert.equal(moduleExports('module.exports = make();'), undefined);
  });
});
