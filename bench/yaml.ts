/**
 * `npm run bench:yaml`: validation of a 1,000-state `.asl.yaml` (the test fixture generator's
 * machine, converted to block-style YAML) against the yaml library's own `parseDocument` of the
 * same text (with its default options, and with ours: uniqueKeys off). The goal (issue 13):
 * validation at most 1.5x the library's parse. Prints the medians and both ratios.
 */
import { parseDocument } from 'yaml';
import { analyzeText } from '../server/src/core/syntax';
import { parseYamlDocument, treeFromYaml, treeToYaml, YAML_OPTIONS } from '../server/src/core/yaml';
import { buildModel } from '../server/src/core/model';
import { runRules } from '../server/src/core/validate';
import { parseText } from '../server/src/core/syntax';
import { generateMachine } from '../test/fixtures/generate';
import { DEFAULT_TIMING, measureEach } from './measure';

const STATES = Number(process.env.ASLWB_BENCH_STATES ?? 1000);
const GOAL = 1.5;
/** Each call takes a few hundred ms and the machine may be shared: more runs than the default for a steady median. */
const TIMING = { ...DEFAULT_TIMING, minRuns: 15, budgetMs: 6000 };

async function main(): Promise<void> {
  const json = generateMachine({ states: STATES, seed: 7 });
  const tree = parseText(json, 'json').tree;
  if (!tree) throw new Error('the generated machine does not parse');
  const yaml = treeToYaml(tree);
  const check = analyzeText(yaml, 'yaml');
  const jsonFindings = analyzeText(json, 'json').diagnostics.length;
  if (check.diagnostics.length !== jsonFindings) throw new Error(`YAML gives ${check.diagnostics.length} findings, JSON ${jsonFindings}`);
  const parsed = parseDocument(yaml, YAML_OPTIONS);
  const doc = parseYamlDocument(yaml);
  const timings = await measureEach(
    new Map<string, () => unknown>([
      ['yaml library parseDocument', () => parseDocument(yaml)],
      ['yaml library parseDocument, our options', () => parseDocument(yaml, YAML_OPTIONS)],
      ['our YAML parse (library + tree)', () => parseYamlDocument(yaml)],
      ['our validation (parse, model, rules)', () => analyzeText(yaml, 'yaml')],
      // Our own parts alone: the tree from an already parsed document, and model + rules on it.
      ['  of which: tree from the parsed nodes', () => treeFromYaml(yaml, parsed.contents, parsed)],
      ['  of which: model and rules', () => runRules(doc, buildModel(doc), {})],
    ]),
    TIMING,
  );
  const lib = timings.get('yaml library parseDocument')!.median;
  // Repeated keys are our rule's finding, so we parse with uniqueKeys off, which is cheaper: the fairer baseline.
  const same = timings.get('yaml library parseDocument, our options')!.median;
  const ours = timings.get('our validation (parse, model, rules)')!.median;
  process.stdout.write(
    `${STATES}-state machine as YAML: ${(yaml.length / 1024).toFixed(0)} KB, ${yaml.split('\n').length} lines, ${check.diagnostics.length} findings.\n`,
  );
  for (const [name, t] of timings) process.stdout.write(`  ${name.padEnd(40)} median ${t.median.toFixed(2)} ms (${t.runs} runs)\n`);
  const ratio = ours / lib;
  const fair = ours / same;
  // Less sensitive to a busy machine: our own parts, timed alone, over the library's parse.
  const own = timings.get('  of which: tree from the parsed nodes')!.median + timings.get('  of which: model and rules')!.median;
  process.stdout.write(
    `Our own work (tree, model, rules) adds ${own.toFixed(1)} ms: (library parse + that) / library parse = ${((same + own) / same).toFixed(2)}x.\n`,
  );
  process.stdout.write(
    `Validation / library parse: ${ratio.toFixed(2)}x; / library parse with the same options: ${fair.toFixed(2)}x (goal at most ${GOAL}x): ${Math.max(ratio, fair) <= GOAL ? 'met' : 'NOT met'}.\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 1;
});
