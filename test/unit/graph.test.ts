/** The graph model (build.ts), its layout (layout.ts), DOT and SVG output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core';
import {
  buildGraph,
  graphOf,
  layoutGraph,
  renderSvg,
  toDot,
  REFERENCE_FAN_IN,
  type GraphModel,
  type PositionedGraph,
} from '../../server/src/core/graph';
import { generateMachine } from '../fixtures/generate';
import { geometryProblems, nestedMachine, xmlEscaped } from './graphChecks';
import { machine } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
const SEED = readFileSync(join(ROOT, 'examples/article-review/article-review.asl.json'), 'utf8');

function model(text: string): GraphModel {
  const a = analyze(text);
  return buildGraph(a.machine, a.diagnostics);
}

function graph(text: string): PositionedGraph {
  return graphOf(analyze(text));
}

const byName = (m: GraphModel, name: string) => {
  const n = m.nodes.find((x) => x.name === name && x.kind === 'state');
  assert.ok(n, `no node for "${name}"`);
  return n;
};
/** Edges as "from -kind-> to [label]" using names (markers as ^start / ^end). */
function edgeList(m: GraphModel): string[] {
  const name = (id: string) => {
    const n = m.nodes.find((x) => x.id === id)!;
    return n.kind === 'start' ? '^start' : n.kind === 'end' ? '^end' : n.kind === 'missing' ? `?${n.name}` : n.name;
  };
  return m.edges.map((e) => `${name(e.from)} -${e.kind}-> ${name(e.to)}${e.label ? ` [${e.label}]` : ''}`);
}

test('the seed example: a node per state, markers, and an edge per transition with Choice conditions', () => {
  const m = model(SEED);
  assert.equal(m.stateCount, 5);
  assert.deepEqual(
    m.nodes.filter((n) => n.kind === 'state').map((n) => n.name),
    ['GeeksForGeeks Article Description', 'Choice', 'Add To Review', 'Move To Publish', 'Show Article'],
  );
  assert.deepEqual(edgeList(m), [
    '^start -start-> GeeksForGeeks Article Description',
    'GeeksForGeeks Article Description -next-> Choice',
    'Choice -choice-> Add To Review [$.status == "Pending"]',
    'Choice -choice-> Move To Publish [$.status == "Review"]',
    'Choice -default-> Add To Review [Default]',
    'Add To Review -next-> Show Article',
    'Move To Publish -next-> Show Article',
    'Show Article -end-> ^end',
  ]);
  const task = byName(m, 'Add To Review');
  assert.equal(task.type, 'Task');
  assert.deepEqual(task.retry && { retriers: task.retry.retriers, maxAttempts: task.retry.maxAttempts }, { retriers: 1, maxAttempts: 3 });
  assert.match(task.retry!.summary[0], /^Lambda\.ServiceException, .*: 3 attempts, every 1 s × 2$/);
  // The name range is the key string, quotes included: what the panel selects on a click.
  assert.equal(SEED.slice(task.nameOffset!, task.nameOffset! + task.nameLength!), '"Add To Review"');
  assert.ok(SEED.slice(task.start!, task.end!).endsWith('"Next": "Show Article"\n    }'));
  assert.equal(byName(m, 'Show Article').terminal, true);
  assert.equal(
    m.nodes.some((n) => n.unreachable || n.severity),
    false,
  );
});

test('Catch edges carry the error names; Retry is a badge with the largest MaxAttempts', () => {
  const m = model(
    machine({
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        Next: 'Done',
        Retry: [
          { ErrorEquals: ['States.Timeout'], MaxAttempts: 2 },
          { ErrorEquals: ['States.ALL'], MaxAttempts: 5, IntervalSeconds: 3, BackoffRate: 1.5 },
        ],
        Catch: [
          { ErrorEquals: ['Lambda.ServiceException', 'Lambda.SdkClientException'], Next: 'Recover' },
          { ErrorEquals: ['States.ALL'], Next: 'Give Up' },
        ],
      },
      Recover: { Type: 'Pass', Next: 'Done' },
      'Give Up': { Type: 'Fail', Error: 'E' },
      Done: { Type: 'Succeed' },
    }),
  );
  assert.deepEqual(
    edgeList(m).filter((e) => e.includes('-catch->')),
    ['Call -catch-> Recover [Lambda.ServiceException, Lambda.SdkClientEx…]', 'Call -catch-> Give Up [States.ALL]'],
  );
  assert.equal(m.edges.find((e) => e.kind === 'catch')!.detail, 'Lambda.ServiceException, Lambda.SdkClientException');
  const call = byName(m, 'Call');
  assert.equal(call.retry?.retriers, 2);
  assert.equal(call.retry?.maxAttempts, 5);
  assert.equal(call.retry?.summary[1], 'States.ALL: 5 attempts, every 3 s × 1.5');
  assert.equal(byName(m, 'Give Up').terminal, true);
});

test('Choice labels: And/Or/Not, type tests, paths compared, JSONata conditions, long paths shortened from the left', () => {
  const m = model(
    machine({
      C: {
        Type: 'Choice',
        Choices: [
          {
            And: [
              { Variable: '$.a', NumericGreaterThan: 1 },
              { Or: [{ Variable: '$.b', IsPresent: false }, { Not: { Variable: '$.c', BooleanEquals: true } }] },
            ],
            Next: 'X',
          },
          { Variable: '$.t', TimestampLessThanEqualsPath: '$.limit', Next: 'X' },
          { Variable: '$.job.TranscriptionJob.TranscriptionJobStatus', StringEquals: 'FAILED', Next: 'X' },
          { Variable: '$.name', StringMatches: 'log-*.txt', Next: 'X' },
        ],
        Default: 'X',
      },
      X: { Type: 'Succeed' },
    }),
  );
  const labels = m.edges.filter((e) => e.kind === 'choice').map((e) => e.label);
  assert.deepEqual(labels, [
    '$.a > 1 && ($.b is absent || !$.c == true)',
    '$.t <= $.limit',
    '…TranscriptionJobStatus == "FAILED"',
    '$.name matches "log-*.txt"',
  ]);
  // The full condition stays available for the tooltip.
  assert.equal(m.edges.filter((e) => e.kind === 'choice')[2].detail, '$.job.TranscriptionJob.TranscriptionJobStatus == "FAILED"');

  const j = model(
    JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% $states.input.total   >\n 100 %}', Next: 'X' },
            { Condition: '{% ' + 'x'.repeat(80) + ' %}', Next: 'X' },
          ],
          Default: 'X',
        },
        X: { Type: 'Succeed' },
      },
    }),
  );
  const jl = j.edges.filter((e) => e.kind === 'choice');
  assert.equal(jl[0].label, '$states.input.total > 100');
  assert.equal(jl[1].label!.length, 44);
  assert.ok(jl[1].label!.endsWith('…'));
  assert.equal(jl[1].detail, 'x'.repeat(80));
});

test('Parallel branches and Map processors are nested scopes owned by their state', () => {
  const m = model(readFileSync(join(ROOT, 'test/corpus/valid/parallel-with-nested-map.asl.json'), 'utf8'));
  const parallel = byName(m, 'Fulfil Order');
  assert.equal(parallel.children?.length, 2);
  const branches = parallel.children!.map((id) => m.scopes.find((s) => s.id === id)!);
  assert.deepEqual(
    branches.map((s) => [s.kind, s.label, s.owner]),
    [
      ['branch', 'Branch 1', parallel.id],
      ['branch', 'Branch 2', parallel.id],
    ],
  );
  const map = byName(m, 'Ship Packages');
  assert.equal(map.scope, branches[1].id);
  const processor = m.scopes.find((s) => s.id === map.children![0])!;
  assert.equal(processor.kind, 'processor');
  assert.equal(processor.label, 'Iteration');
  const courier = byName(m, 'Book Courier');
  assert.equal(courier.scope, processor.id);
  // Each scope has its own markers, and edges stay in their scope.
  for (const s of m.scopes) {
    const kinds = s.nodes.map((id) => m.nodes.find((n) => n.id === id)!.kind);
    assert.ok(kinds.includes('start'), `scope ${s.id} has a start marker`);
    for (const id of s.edges) {
      const e = m.edges.find((x) => x.id === id)!;
      assert.ok(s.nodes.includes(e.from) && s.nodes.includes(e.to), `edge ${id} stays in ${s.id}`);
    }
  }
  const distributed = model(readFileSync(join(ROOT, 'test/corpus/valid/distributed-map-s3-csv.asl.json'), 'utf8'));
  const dm = distributed.nodes.find((n) => n.type === 'Map')!;
  assert.equal(dm.distributed, true);
  assert.equal(distributed.scopes.find((s) => s.id === dm.children![0])!.label, 'Distributed iteration');
});

test('unreachable states are flagged, with everything inside them', () => {
  const m = model(
    machine({
      A: { Type: 'Succeed' },
      Orphan: { Type: 'Parallel', Branches: [{ StartAt: 'In', States: { In: { Type: 'Pass', End: true } } }], Next: 'Behind' },
      Behind: { Type: 'Succeed' },
    }),
  );
  assert.equal(byName(m, 'A').unreachable, undefined);
  assert.equal(byName(m, 'Orphan').unreachable, true);
  assert.equal(byName(m, 'Behind').unreachable, true);
  assert.equal(byName(m, 'In').unreachable, true);
});

test('a transition to a state that does not exist points at a missing node', () => {
  const m = model(machine({ A: { Type: 'Pass', Next: 'Shp Order' }, 'Ship Order': { Type: 'Succeed' } }));
  const missing = m.nodes.filter((n) => n.kind === 'missing');
  assert.deepEqual(
    missing.map((n) => n.name),
    ['Shp Order'],
  );
  assert.ok(edgeList(m).includes('A -next-> ?Shp Order'));
  assert.equal(byName(m, 'A').severity, 'error');
  assert.match(byName(m, 'A').problems![0], /Shp Order/);
});

test('diagnostics mark the innermost state holding them, not its container', () => {
  const text = machine({
    P: { Type: 'Parallel', Branches: [{ StartAt: 'In', States: { In: { Type: 'Pass', InputPath: '$..[', End: true } } }], End: true },
  });
  const m = model(text);
  assert.equal(byName(m, 'In').severity, 'error');
  assert.equal(byName(m, 'P').severity, undefined);
});

test('duplicate state names get distinct node ids', () => {
  const text = '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"},"A":{"Type":"Succeed"}}}';
  const m = model(text);
  const ids = m.nodes.filter((n) => n.name === 'A').map((n) => n.id);
  assert.equal(ids.length, 2);
  assert.notEqual(ids[0], ids[1]);
  assert.deepEqual(geometryProblems(layoutGraph(m)), []);
});

test('never throws on half-typed documents: every prefix of the seed example', () => {
  for (let i = 0; i <= SEED.length; i += 7) {
    const text = SEED.slice(0, i);
    const g = graph(text);
    assert.deepEqual(geometryProblems(g), [], `prefix of ${i} characters`);
  }
  for (const text of [
    '',
    '[]',
    '"x"',
    '{"StartAt": 3, "States": []}',
    '{"States": {"A": 5, "B": {"Type": "Choice", "Choices": [3, {"Next": 4}, {"Not": 1, "Next": "A"}]}}}',
    '{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[1,{"States":{}}],"Retry":[1,{"MaxAttempts":"x"}],"Catch":[{"Next":"P"}]}}}',
  ]) {
    assert.deepEqual(geometryProblems(graph(text)), [], text);
  }
});

test('layout: every state has a box, no two boxes of a scope overlap, nested scopes sit inside their container', () => {
  const files = [
    'examples/article-review/article-review.asl.json',
    'examples/order-processing/order-processing.asl.json',
    'test/corpus/valid/parallel-with-nested-map.asl.json',
    'test/corpus/valid/polling-job-status.asl.json',
    'test/corpus/valid/saga-travel-booking.asl.json',
  ];
  for (const f of files) {
    const g = graph(readFileSync(join(ROOT, f), 'utf8'));
    assert.deepEqual(geometryProblems(g), [], f);
  }
  for (const queryLanguage of ['JSONPath', 'JSONata'] as const) {
    for (const unreachablePercent of [0, 5]) {
      const g = graph(generateMachine({ states: 300, seed: 7, queryLanguage, unreachablePercent }));
      assert.equal(g.model.stateCount, 300);
      assert.deepEqual(geometryProblems(g), [], `${queryLanguage}, ${unreachablePercent}% unreachable`);
    }
  }
});

test('layout: a chain is stacked top to bottom in order; a loop is not folded into a chain', () => {
  const g = graph(machine({ A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'C' }, C: { Type: 'Succeed' } }));
  const y = (name: string) => g.layout.nodes[byName(g.model, name).id];
  assert.ok(y('A').y + y('A').height < y('B').y && y('B').y + y('B').height < y('C').y);
  assert.equal(y('A').x + y('A').width / 2, y('C').x + y('C').width / 2, 'a chain shares one centre line');

  const loop = graph(readFileSync(join(ROOT, 'test/corpus/valid/polling-job-status.asl.json'), 'utf8'));
  const back = loop.model.edges.find((e) => e.kind === 'default')!;
  const pts = loop.layout.edges[back.id].points;
  const blocker = loop.layout.nodes[byName(loop.model, 'Get Job Status').id];
  // The way back from the Choice to the Wait goes around the state between them, not through it.
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1];
    const b = pts[i];
    for (let t = 0; t <= 1; t += 0.05) {
      const x = a.x + (b.x - a.x) * t;
      const yy = a.y + (b.y - a.y) * t;
      assert.ok(
        !(x > blocker.x + 1 && x < blocker.x + blocker.width - 1 && yy > blocker.y + 1 && yy < blocker.y + blocker.height - 1),
        'the back edge crosses "Get Job Status"',
      );
    }
  }
});

test(`layout: Catch edges into a handler shared by ${REFERENCE_FAN_IN} or more states are drawn as references`, () => {
  const states: Record<string, unknown> = {};
  const n = REFERENCE_FAN_IN + 1;
  for (let i = 0; i < n; i++)
    states[`Step ${i}`] = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'f' },
      Next: i + 1 < n ? `Step ${i + 1}` : 'Done',
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }],
    };
  Object.assign(states, { Done: { Type: 'Succeed' }, Handler: { Type: 'Fail', Error: 'X' } });
  const g = graph(machine(states));
  const catches = g.model.edges.filter((e) => e.kind === 'catch');
  assert.equal(catches.length, n);
  for (const e of catches) {
    const geo = g.layout.edges[e.id];
    assert.equal(geo.reference?.text, 'Handler');
    const from = g.layout.nodes[e.from];
    assert.ok(geo.reference!.x > from.x + from.width, 'the reference sits to the right of the catching state');
    assert.ok(Math.abs(geo.points[0].y - (from.y + from.height / 2)) < 1);
  }
  assert.deepEqual(geometryProblems(g), []);
  // Below the threshold, Catch edges are drawn to the handler itself.
  const few = graph(readFileSync(join(ROOT, 'examples/order-processing/order-processing.asl.json'), 'utf8'));
  assert.ok(few.model.edges.some((e) => e.kind === 'catch'));
  for (const e of few.model.edges) assert.equal(few.layout.edges[e.id].reference, undefined);
});

test('layout: 50 levels of Parallel in Map draw, each level inside the one around it', () => {
  const g = graph(nestedMachine(50));
  assert.equal(g.model.scopes.length, 51);
  assert.equal(g.model.stateCount, 101);
  assert.deepEqual(geometryProblems(g), []);
  const leaf = g.layout.nodes[byName(g.model, 'Leaf').id];
  const outer = g.layout.nodes[byName(g.model, 'Map 1').id];
  assert.ok(leaf.x > outer.x && leaf.y > outer.y && leaf.x + leaf.width < outer.x + outer.width);
});

test('long names wrap onto at most three lines inside a bounded box; the full name stays in the tooltip', () => {
  const long = 'Validate the incoming customer order against the catalogue, then charge';
  const g = graph(machine({ [long]: { Type: 'Succeed' } }));
  const box = g.layout.nodes[byName(g.model, long).id];
  assert.ok(box.lines.length > 1 && box.lines.join(' ') === long, JSON.stringify(box.lines));
  const longer = 'VeryLong'.repeat(20);
  const g2 = graph(machine({ [longer]: { Type: 'Succeed' } }));
  const box2 = g2.layout.nodes[byName(g2.model, longer).id];
  assert.ok(box2.lines.length === 3 && box2.lines[2].endsWith('…'), JSON.stringify(box2.lines));
  assert.ok(box.width <= 230);
  const svg = renderSvg(g);
  assert.ok(svg.includes(`<title>${xmlEscaped(long)}\nSucceed</title>`));
});

test('SVG: names and labels are escaped; a standalone file carries its light and dark styles', () => {
  const g = graph(
    machine({
      'A <b> & "c"': { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: '<&>', Next: 'Z' }], Default: 'Z' },
      Z: { Type: 'Succeed' },
    }),
  );
  const svg = renderSvg(g, { standalone: true, title: 'T & U' });
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(svg.includes('>A &lt;b&gt; &amp; &quot;c&quot;</text>'));
  assert.ok(svg.includes('$.x == &quot;&lt;&amp;&gt;&quot;'));
  assert.ok(svg.includes('aria-label="T &amp; U"'));
  assert.match(svg, /<style>[\s\S]*prefers-color-scheme:dark[\s\S]*<\/style>/);
  assert.ok(!/ style="/.test(svg), 'no inline style attributes (the panel CSP forbids them)');
  const inPanel = renderSvg(g);
  assert.ok(!inPanel.includes('<style>'));
  assert.equal((inPanel.match(/class="node /g) ?? []).length, g.model.nodes.length);
  assert.equal((inPanel.match(/class="edge /g) ?? []).length, g.model.edges.length);
});

test('DOT: clusters for branches and processors, Catch dashed, labels quoted', () => {
  const dot = toDot(model(readFileSync(join(ROOT, 'test/corpus/valid/parallel-with-nested-map.asl.json'), 'utf8')), 'fulfil');
  assert.ok(dot.startsWith('digraph "fulfil" {'));
  assert.match(dot, /subgraph "cluster_m\/Fulfil%20Order#b0" \{\n\s+label="Fulfil Order: Branch 1"/);
  assert.match(dot, /subgraph "cluster_m\/Fulfil%20Order#b1\/Ship%20Packages#p"/);
  assert.match(dot, /-> "m\/Refund" \[label="States.ALL", style=dashed, color=red/);
  const seed = toDot(model(SEED));
  assert.ok(seed.includes('[label="$.status == \\"Pending\\""]'));
});
