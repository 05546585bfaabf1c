/**
 * Driver for CPU profiles of our validation: generates a machine, warms up, then validates it
 * repeatedly. Run under `node --cpu-prof` and summarise with bench/profile-summary.mjs:
 *
 *   node --cpu-prof --cpu-prof-dir=bench/results/profiles out/bench/profile.js 20000 10
 *   node bench/profile-summary.mjs bench/results/profiles/CPU.*.cpuprofile
 *
 * Arguments: states (default 5000), runs (default 10), `--unreachable` for the 5% variant,
 * `--jsonata` for a JSONata machine.
 */
import { generateMachine } from '../test/fixtures/generate';
import { analyze } from '../server/src/core/validate';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const states = Number(args[0] ?? 5000);
const runs = Number(args[1] ?? 10);
const text = generateMachine({
  states,
  seed: 42,
  unreachablePercent: process.argv.includes('--unreachable') ? 5 : 0,
  queryLanguage: process.argv.includes('--jsonata') ? 'JSONata' : 'JSONPath',
});

for (let i = 0; i < 3; i++) analyze(text);
const times: number[] = [];
let findings = 0;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  findings = analyze(text).diagnostics.length;
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(
  `${states} states, ${text.length} bytes: median ${times[times.length >> 1].toFixed(1)} ms over ${runs} runs, ${findings} findings`,
);
