// The language server parses a JSON document once per version: the mock-file check and the
// template read the same parse (lsp/templates.ts sharedJsonOf, AnalysisCache.exactJson), and
// what the template finds is what it finds with a parse of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ValidationOptions } from '../../server/src/core';
import { AnalysisCache } from '../../server/src/lsp/analyses';
import { MockWorkspace } from '../../server/src/lsp/mockWorkspace';
import { TemplateCache, sharedJsonOf, templateDiagnostics } from '../../server/src/lsp/templates';

const URI = 'file:///w/template.json';
const EDITS = 5;

const TEMPLATE = JSON.stringify(
  {
    Resources: {
      Flow: {
        Type: 'AWS::StepFunctions::StateMachine',
        Properties: {
          Definition: { StartAt: 'A', States: { A: { Type: 'Pass', Nxet: 'B', End: true } } },
          DefinitionSubstitutions: { Region: { 'Fn::Sub': '${AWS::Region}' } },
        },
      },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'orders' } },
    },
  },
  null,
  2,
);

/** The server's wiring of the three (server.ts), over in-memory documents. */
function server(options: ValidationOptions = {}) {
  const cache = new AnalysisCache(options);
  const mocks = new MockWorkspace(new TextDocuments(TextDocument), cache);
  const templates = new TemplateCache(options, () => undefined, sharedJsonOf(cache));
  return { cache, mocks, templates };
}

/** What the server does with a host document on each version: the mock check, then the template. */
function publish(s: ReturnType<typeof server>, doc: TextDocument) {
  if (s.mocks.isMock(doc)) return undefined;
  return s.templates.get(doc);
}

/** The same template with a parse of its own (no sharing): the expectation. */
function alone(doc: TextDocument, options: ValidationOptions = {}) {
  const templates = new TemplateCache(options);
  const t = templates.get(doc);
  assert.equal(templates.counts.jsonParses, t ? 1 : 0);
  return t;
}

function edit(doc: TextDocument, from: string, to: string): TextDocument {
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, from);
  return TextDocument.update(
    doc,
    [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + from.length) }, text: to }],
    doc.version + 1,
  );
}

test('a JSON template is parsed once per version, by the mock check, and the template reads that parse', () => {
  const s = server();
  let doc = TextDocument.create(URI, 'json', 1, TEMPLATE);
  for (let v = 0; v <= EDITS; v++) {
    if (v > 0) doc = edit(doc, v === 1 ? '"orders"' : `"orders${v - 1}"`, `"orders${v}"`);
    const t = publish(s, doc);
    // Asked again (a lens, a hover, the graph): nothing is parsed again.
    publish(s, doc);
    s.templates.get(doc);
    assert.ok(t, `version ${doc.version}`);
    assert.equal(s.cache.counts.parses, v + 1, `version ${doc.version}: one parse`);
    assert.equal(s.templates.counts.jsonParses, 0, `version ${doc.version}: none of the template's own`);
    assert.equal(t.template.host.tree, s.cache.model(doc).doc.tree, 'the same tree');
    const expected = alone(doc);
    assert.deepEqual(templateDiagnostics(t), templateDiagnostics(expected));
    assert.ok(
      templateDiagnostics(t).some((d) => d.code === 'unknown-field'),
      'the machine is analysed (the Nxet typo)',
    );
    assert.deepEqual(t.template.host.syntaxErrors, expected!.template.host.syntaxErrors);
  }
});

test('a bare ${...} makes the shared parse differ from exact JSON: the template parses its own', () => {
  const text = TEMPLATE.replace('"orders"', '${Orders}');
  for (const options of [{}, { placeholders: false }] as ValidationOptions[]) {
    const s = server(options);
    const doc = TextDocument.create(URI, 'json', 1, text);
    const t = publish(s, doc);
    assert.ok(t);
    const expected = alone(doc, options);
    assert.deepEqual(t.template.host.syntaxErrors, expected!.template.host.syntaxErrors);
    assert.ok(t.template.host.syntaxErrors.length > 0, 'exact JSON: a bare ${...} is a syntax error');
    assert.deepEqual(templateDiagnostics(t), templateDiagnostics(expected));
    // With placeholders on, the check's parse quoted it (not exact JSON); with them off it is the same parse.
    const own = options.placeholders === false ? 0 : 1;
    assert.equal(s.templates.counts.jsonParses, own, JSON.stringify(options));
  }
});

test('a mock file and a YAML template: each parsed once, by one reader', () => {
  const s = server();
  const mock = TextDocument.create('file:///w/MockConfigFile.json', 'json', 1, '{"StateMachines":{},"MockedResponses":{}}');
  assert.equal(publish(s, mock), undefined);
  assert.equal(s.cache.counts.parses, 1);
  const yaml = TextDocument.create(
    'file:///w/template.yaml',
    'yaml',
    1,
    [
      'Resources:',
      '  Flow:',
      '    Type: AWS::StepFunctions::StateMachine',
      '    Properties:',
      '      Definition:',
      '        StartAt: A',
      '        States:',
      '          A: { Type: Pass, End: true }',
      '',
    ].join('\n'),
  );
  assert.equal(publish(s, yaml)?.machines.length, 1);
  // A YAML document is never a mock file: the check does not parse it, the template does (YAML).
  assert.equal(s.cache.counts.parses, 1);
  assert.equal(s.templates.counts.jsonParses, 0);
});
