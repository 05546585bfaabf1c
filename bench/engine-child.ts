/**
 * One peak-memory measurement of the dry-run benchmark in a fresh process: load one tool, build
 * the workload's inputs and machine, run the workload once ("run") or not at all ("idle", the
 * baseline), then report the peak resident set size. The construction here is the tool's first
 * in the process: its time is the cold figure.
 * Usage: node out/bench/engine-child.js run|idle TOOL WORKLOAD
 */
import { isDeepStrictEqual } from 'node:util';
import { contestant, ENGINE_TOOLS, WORKLOAD_IDS, workload, type EngineToolId, type WorkloadId } from './engine-workloads';
import { peakRssKb } from './rss';

export interface EngineChildReport {
  maxRssKb: number;
  /** The first construction (prepare / new StateMachine) in this process. */
  constructMs: number;
  /** One batch of the workload, cold (0 when idle). */
  runMs: number;
  /** The outputs were the expected ones (true when idle). */
  correct: boolean;
}

async function main(): Promise<void> {
  const [mode, tool, id] = process.argv.slice(2);
  if ((mode !== 'run' && mode !== 'idle') || !ENGINE_TOOLS.includes(tool as EngineToolId) || !WORKLOAD_IDS.includes(id as WorkloadId)) {
    console.error(`usage: node out/bench/engine-child.js run|idle ${ENGINE_TOOLS.join('|')} ${WORKLOAD_IDS.join('|')}`);
    process.exit(2);
  }
  const w = workload(id as WorkloadId);
  const c = contestant(tool as EngineToolId, w);
  let start = performance.now();
  c.construct();
  const constructMs = performance.now() - start;
  let runMs = 0;
  let correct = true;
  if (mode === 'run') {
    start = performance.now();
    const outputs = await c.batch();
    runMs = performance.now() - start;
    correct = isDeepStrictEqual(outputs, w.expected);
  }
  const report: EngineChildReport = { maxRssKb: peakRssKb(), constructMs, runMs, correct };
  process.stdout.write(JSON.stringify(report));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
