/**
 * One memory measurement in a fresh process: load one tool's modules, read the machine, run the
 * tool once ("run") or not at all ("idle", the baseline), then report the peak resident set size.
 * Usage: node out/bench/child.js run|idle TOOL FILE
 */
import { readFileSync } from 'node:fs';
import { peakRssKb } from './rss';
import { toolById } from './tools';

export interface ChildReport {
  maxRssKb: number;
  ms: number;
  findings: number;
}

async function main(): Promise<void> {
  const [mode, toolId, file] = process.argv.slice(2);
  if ((mode !== 'run' && mode !== 'idle') || !toolId || !file) {
    console.error('usage: node out/bench/child.js run|idle TOOL FILE');
    process.exit(2);
  }
  const run = toolById(toolId).load();
  const text = readFileSync(file, 'utf8');
  let ms = 0;
  let findings = 0;
  if (mode === 'run') {
    const start = performance.now();
    findings = await run(text);
    ms = performance.now() - start;
  }
  const report: ChildReport = { maxRssKb: peakRssKb(), ms, findings };
  process.stdout.write(JSON.stringify(report));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
