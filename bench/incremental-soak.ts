/**
 * The long run of the property test in test/unit/incrementalProperty.test.ts: random edits on the
 * corpus, the examples and generated machines (larger ones too), each revalidated incrementally
 * and compared with a full analysis, for a given time. Exit 1 with the seed, the definition, the
 * edit and the text on the first mismatch; replay with the same --seed.
 *
 *   node out/bench/incremental-soak.js --seconds 600 --seed 12345
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyze } from '../server/src/core/validate';
import { analyzeForEditing, reanalyze, type EditableAnalysis } from '../server/src/core/incremental';
import { generateMachine } from '../test/fixtures/generate';
import { editableDefinitions, editAndCompare, seededRandom } from '../test/fixtures/randomEdits';

const DEFAULT_SECONDS = 60;
/** Edits in a row on one definition before the next one is drawn. */
const STEPS = 40;
/** Generated machines larger than the unit test's, drawn now and then. */
const LARGE = [
  { states: 400, seed: 21 },
  { states: 300, seed: 22, queryLanguage: 'JSONata' as const, unreachablePercent: 5 },
];
const LARGE_SHARE = 0.05;
const REPORT_EVERY_MS = 10_000;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const seconds = Number(flag('seconds') ?? DEFAULT_SECONDS);
  const seed = Number(flag('seed') ?? Math.floor(Math.random() * 2 ** 31));
  const random = seededRandom(seed);
  const root = resolve(__dirname, '..', '..');
  const definitions = editableDefinitions(root);
  const large = LARGE.map((o, i) => ({ name: `large ${i} ${JSON.stringify(o)}`, text: generateMachine(o) }));
  console.log(
    `Incremental soak: seed ${seed}, ${seconds} s, ${definitions.length} definitions + ${large.length} large; load average ${loadavg()}`,
  );
  const started = Date.now();
  let lastReport = started;
  let edits = 0;
  let runs = 0;
  while (Date.now() - started < seconds * 1000) {
    const pool = random() < LARGE_SHARE ? large : definitions;
    const definition = pool[Math.floor(random() * pool.length)];
    const run = editAndCompare<EditableAnalysis>(definition, random, STEPS, {
      first: (text) => analyzeForEditing(text),
      next: (prev, text) => reanalyze(prev, text),
      compare: (a, text) => assert.deepEqual(a.diagnostics, analyze(text).diagnostics),
    });
    edits += run.edits;
    runs++;
    if (run.mismatch) {
      const m = run.mismatch;
      const file = join(tmpdir(), `incremental-soak-${seed}.json`);
      writeFileSync(file, m.text);
      console.error(
        `MISMATCH seed ${seed}: ${m.definition}, edit ${m.step} of run ${runs} (${m.kind}); the text is in ${file}\n${m.message}`,
      );
      process.exit(1);
    }
    if (Date.now() - lastReport > REPORT_EVERY_MS) {
      lastReport = Date.now();
      console.log(`  ${Math.round((lastReport - started) / 1000)} s: ${edits} edits, ${runs} runs, no mismatch`);
    }
  }
  const elapsed = (Date.now() - started) / 1000;
  console.log(
    `OK: ${edits} edits in ${runs} runs (${Math.round(edits / elapsed)} edits/s), every one equal to a full analysis. Seed ${seed}.`,
  );
}

function loadavg(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'n/a';
  }
}

main();
