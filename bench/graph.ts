/**
 * Graph benchmark: model, layout and SVG of generated machines of 100, 500 and 2,000 states, as
 * the panel and `asl-workbench graph` do them (the parse and validation before are the validation
 * benchmark's). Medians after warm-up; goal: 500 states laid out and drawn in under 300 ms.
 *
 *   node out/bench/graph.js [--sizes=100,500,2000] [--strict]
 *
 * Also callable from bench/run.ts: `const goals = await runGraphBench({ sizes })`.
 */
import { analyze } from '../server/src/core/validate';
import { buildGraph, layoutGraph, renderSvg } from '../server/src/core/graph';
import { generateMachine } from '../test/fixtures/generate';
import { ms, table } from './format';
import { measure, type Timing } from './measure';

const SEED = 42;
export const GRAPH_GOAL = { states: 500, ms: 300 };

export interface GraphRow {
  states: number;
  /** Boxes the layered layout saw at the top level (after chains and references). */
  topLevelNodes: number;
  model: Timing;
  layout: Timing;
  render: Timing;
  /** Model, layout and SVG in one go, timed as one. */
  total: Timing;
  svgBytes: number;
}

export interface GraphGoal {
  goal: string;
  pass: boolean;
  detail: string;
}

export async function runGraphBench(
  options: { sizes?: number[]; log?: (line: string) => void } = {},
): Promise<{ rows: GraphRow[]; goals: GraphGoal[] }> {
  const sizes = options.sizes ?? [100, 500, 2000];
  const log = options.log ?? ((line: string) => console.log(line));
  const rows: GraphRow[] = [];
  for (const states of sizes) {
    const analysis = analyze(generateMachine({ states, seed: SEED }));
    const model = buildGraph(analysis.machine, analysis.diagnostics);
    const positioned = layoutGraph(model);
    const svg = renderSvg(positioned);
    rows.push({
      states,
      topLevelNodes: positioned.model.scopes[0]?.nodes.length ?? 0,
      model: await measure(() => buildGraph(analysis.machine, analysis.diagnostics)),
      layout: await measure(() => layoutGraph(model)),
      render: await measure(() => renderSvg(positioned)),
      total: await measure(() => renderSvg(layoutGraph(buildGraph(analysis.machine, analysis.diagnostics)))),
      svgBytes: svg.length,
    });
  }
  log('Graph: model, layout (layered, per scope and stretch) and SVG of generated machines (medians)');
  log(
    table(
      ['states', 'model', 'layout', 'SVG', 'all three', 'runs', 'SVG size'],
      rows.map((r) => [
        String(r.states),
        ms(r.model.median),
        ms(r.layout.median),
        ms(r.render.median),
        ms(r.total.median),
        String(r.total.runs),
        `${Math.round(r.svgBytes / 1024)} KB`,
      ]),
    ),
  );
  const goals: GraphGoal[] = [];
  const at = rows.find((r) => r.states === GRAPH_GOAL.states);
  if (at) {
    goals.push({
      goal: `graph of ${GRAPH_GOAL.states} states (model + layout + SVG) under ${GRAPH_GOAL.ms} ms`,
      pass: at.total.median < GRAPH_GOAL.ms,
      detail: ms(at.total.median),
    });
  }
  return { rows, goals };
}

if (require.main === module) {
  const arg = process.argv.find((a) => a.startsWith('--sizes='));
  const sizes = arg
    ? arg
        .slice('--sizes='.length)
        .split(',')
        .map(Number)
        .filter((n) => n > 0)
    : undefined;
  void runGraphBench({ sizes }).then(({ goals }) => {
    for (const g of goals) console.log(`[${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.detail}`);
    if (process.argv.includes('--strict') && goals.some((g) => !g.pass)) process.exitCode = 1;
  });
}
