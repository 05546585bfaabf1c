// Differential: a template's next version opened from the previous one's host (only the edited
// block entry, or JSON container, parsed again: core/templates yamlHost / jsonHost), with the
// previous machines' analyses carried over where the edit cannot have changed them (as the editor
// does, lsp/templates.ts), must give exactly what a fresh open of the new text gives: the tree,
// the machines, their findings, definitions and CodeLens inputs. Seeded random edits on the
// templates corpus and the e2e SAM fixture; compared after every edit. ASLWB_SEED=N runs another seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { seededRandom } from '../../server/src/core/engine/random';
import {
  analyzeMachine,
  openTemplate,
  reusedAnalysis,
  type EmbeddedAnalysis,
  type HostDocument,
  type PreviousTemplate,
} from '../../server/src/core/templates';
import { randomYamlEdit, treeSnapshot, YAML_PIECES, type EditOdds } from '../fixtures/yamlTyping';

const ROOT = join(__dirname, '..', '..', '..');
const CORPUS = join(ROOT, 'test', 'templates-corpus');
const DEFAULT_SEED = 20261207;
const STEPS = Number(process.env.ASLWB_TEMPLATE_SPLICE_STEPS ?? 40);
/** What typing in a template inserts: YAML's and JSON's characters, CloudFormation tags, state fields. */
const PIECES = [
  ...YAML_PIECES,
  '!Ref Fn',
  '!GetAtt x.y',
  '${Name}',
  'x',
  'xy',
  '1',
  'Next: A',
  '"Next": "A",',
  'End: true',
  'Type: Map',
  '\n          Extra:\n            Type: Pass\n            End: true',
];
/** Edits biased to where machines are (the Definition's states), as a person types there. */
const ODDS: EditOdds = { undo: 0.1, remove: 0.3, indent: 0.38, near: { word: 'States', odds: 0.7 } };

function templates(): { name: string; text: string }[] {
  const files = Object.keys(JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, unknown>);
  const out = files.map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') }));
  out.push({
    name: 'e2e sam-app/template.yaml',
    text: readFileSync(join(ROOT, 'test', 'e2e', 'fixtures', 'sam-app', 'template.yaml'), 'utf8'),
  });
  return out;
}

/** What the editor shows of a machine: its place and form (the CodeLens), findings, definition, problem. */
function seen(a: EmbeddedAnalysis): unknown {
  const m = a.machine;
  return {
    machine: [
      m.id,
      m.kind,
      m.form,
      m.keyRange,
      m.range,
      m.machineType,
      m.file,
      m.readOnly,
      m.note,
      [...m.substitutions.values()].map((s) => [s.name, s.keyRange, s.literal, s.valueRange, s.used]),
    ],
    diagnostics: a.diagnostics,
    fileDiagnostics: a.fileDiagnostics,
    definitionText: a.definitionText,
    problem: a.problem,
    model: a.analysis?.machine.states.map((s) => s.name),
  };
}

test('template splice: the same tree, machines, findings and lenses as a fresh open after every random edit', () => {
  const seed = Number(process.env.ASLWB_SEED ?? DEFAULT_SEED);
  const random = seededRandom(seed);
  let edits = 0;
  let spliced = 0;
  /** Versions after one without syntax errors, themselves without any, in templates without anchors: the ones a splice can serve. */
  let clean = 0;
  for (const { name, text: start } of templates()) {
    const readFile = (path: string) => {
      const p = join(CORPUS, dirname(name), path);
      return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    };
    // The editor's options (hostSyntaxErrors off) and the CLI's (on) both.
    for (const hostSyntaxErrors of [false, true]) {
      const options = { readFile, hostSyntaxErrors };
      let text = start;
      let prev: PreviousTemplate | undefined;
      for (let step = 0; step <= STEPS; step++) {
        if (step > 0) text = randomYamlEdit(random, text, start, PIECES, ODDS);
        const previousHost: HostDocument | undefined = prev?.host;
        const incremental = openTemplate(text, name, previousHost);
        const fresh = openTemplate(text, name);
        const label = `seed ${seed}, ${name}, edit ${step} (${incremental?.host.parse})\n${text}`;
        assert.equal(incremental === undefined, fresh === undefined, label);
        if (!incremental || !fresh) {
          prev = undefined;
          continue;
        }
        assert.deepEqual(treeSnapshot(incremental.host.tree), treeSnapshot(fresh.host.tree), label);
        assert.deepEqual(incremental.host.syntaxErrors, fresh.host.syntaxErrors, label);
        const machines = incremental.machines.map(
          (m) => reusedAnalysis(prev, text, incremental.host, m) ?? analyzeMachine(incremental.host, m, options),
        );
        const expected = fresh.machines.map((m) => analyzeMachine(fresh.host, m, options));
        assert.deepEqual(machines.map(seen), expected.map(seen), label);
        if (incremental.host.parse === 'spliced') spliced++;
        if (prev && prev.host.syntaxErrors.length === 0 && fresh.host.syntaxErrors.length === 0 && !/[&*]\w/.test(text)) clean++;
        edits++;
        prev = { text, host: incremental.host, machines };
      }
    }
  }
  // Broken text is parsed whole; of the edits between good texts, most splice.
  assert.ok(spliced > clean * 0.6, `${spliced} of ${edits} versions spliced, ${clean} between texts without errors`);
});

test('template splice: a keystroke in an inline machine parses only its entry; JSON splices too; anchors parse whole', () => {
  const yaml = readFileSync(join(ROOT, 'test', 'e2e', 'fixtures', 'sam-app', 'template.yaml'), 'utf8');
  const first = openTemplate(yaml, 'template.yaml')!;
  assert.equal(first.host.parse, 'full');
  const at = yaml.indexOf('Type: Choice') + 'Type: Ch'.length;
  const typed = `${yaml.slice(0, at)}x${yaml.slice(at)}`;
  const next = openTemplate(typed, 'template.yaml', first.host)!;
  assert.equal(next.host.parse, 'spliced');
  assert.ok(
    next.host.parsed!.tree!.reparsed! < yaml.length / 4,
    `parsed ${next.host.parsed!.tree!.reparsed} of ${yaml.length} characters again`,
  );
  assert.deepEqual(treeSnapshot(next.host.tree), treeSnapshot(openTemplate(typed, 'template.yaml')!.host.tree));

  const json = readFileSync(join(CORPUS, 'cfn-docs-join', 'template.json'), 'utf8');
  const j = openTemplate(json, 'template.json')!;
  const jat = json.indexOf('HelloFunction') + 'Hello'.length;
  const jtyped = `${json.slice(0, jat)}x${json.slice(jat)}`;
  const jnext = openTemplate(jtyped, 'template.json', j.host)!;
  assert.equal(jnext.host.parse, 'spliced');
  assert.deepEqual(treeSnapshot(jnext.host.tree), treeSnapshot(openTemplate(jtyped, 'template.json')!.host.tree));

  // An anchor in the template: a part may show elsewhere, so the whole text is parsed.
  const anchored = yaml.replace('Resources:', 'Shared: &shared\n  a: 1\nResources:');
  const a = openTemplate(anchored, 'template.yaml')!;
  const aat = anchored.indexOf('Type: Choice') + 'Type: Ch'.length;
  assert.equal(openTemplate(`${anchored.slice(0, aat)}x${anchored.slice(aat)}`, 'template.yaml', a.host)!.host.parse, 'full');
});
