/**
 * The panel's testing side: "Run all cases" (each case's verdict; a click shows that run on the
 * graph with its diff), coverage on the graph (states and transitions never covered drawn dashed
 * and grey, with a legend and a toggle), an imported execution history (its first divergence from
 * a dry run of the same input marked), a child execution's run drawn in place of its parent's (and
 * back), and the mock-file command buttons. "Test this state" is stateTest.ts.
 */
import type { ExecutionResult } from '../../server/src/core/engine/types';
import type { GraphModel, PositionedGraph } from '../../server/src/core/graph/types';
import type { Divergence } from '../../server/src/core/history/compare';
import { divergenceMessage } from '../../server/src/core/history/replay';
import type { ExplainedVisit } from '../../server/src/core/explain/explain';
import type { Verdict } from '../../server/src/core/testing/verdict';
import type { TestsToExtension, TestsToWebview } from '../../protocol/panelTests';
import type { CoverageRange, TestCaseOutcome } from '../../protocol/testing';
import { byId, h, pre } from './dom';
import { coverageMarks, coverageSummary, type CoverageMarks } from './coverageMarks';
import type { GraphView } from './graphView';
import type { RunView } from './runModel';

/** What the page shows as "the run": its result, where it came from, and its mock file (for child runs). */
export interface ShownRun {
  result: ExecutionResult;
  millis: number;
  explained?: ExplainedVisit[];
  verdict?: Verdict;
  /** The mock file the run used: a child's machine is found in its LocalStateMachines. */
  mockFile?: string;
}

export interface TestsHost {
  post(message: TestsToExtension): void;
  graph: GraphView;
  /** Shows a run on the graph and in the run pane (as a dry run's answer is shown). */
  showRun(run: ShownRun, model: GraphModel): RunView;
  /** The mock file picked in the Dry run form. */
  mockFile(): string | undefined;
  /** The graph of the document, shown again after a child run. */
  showGraph(graph: PositionedGraph): void;
}

interface ChildLevel {
  /** The parent's graph and run, to come back to. */
  graph: PositionedGraph;
  run: ShownRun | undefined;
}

export class TestsPanel {
  private readonly root = byId<HTMLElement>('tests');
  private readonly runAllButton: HTMLButtonElement;
  private readonly list: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly toggle: HTMLInputElement;
  private readonly historyBox: HTMLElement;
  private readonly addCaseButton: HTMLButtonElement;
  private readonly childBar: HTMLElement;
  private coverage: CoverageRange[] | undefined;
  private marks: CoverageMarks | undefined;
  private divergedNode: string | undefined;
  private outcomes: TestCaseOutcome[] = [];
  private outcomesFile: string | undefined;
  /** The run the page shows now. */
  private shown: ShownRun | undefined;
  private readonly stack: ChildLevel[] = [];
  /** A newer graph of the document that arrived while a child run was shown. */
  private pendingGraph: PositionedGraph | undefined;

  constructor(private readonly host: TestsHost) {
    this.runAllButton = h('button', {
      text: 'Run all cases',
      title: 'Run every test case of this machine in the chosen mock file, with coverage',
    });
    const importButton = h('button', {
      class: 'secondary',
      text: 'Import history…',
      title: 'Show an execution history (aws stepfunctions get-execution-history --output json) on the graph',
    });
    this.list = h('div', { class: 'test-list', attrs: { role: 'list', 'aria-label': 'Test cases' } });
    this.toggle = h('input', { attrs: { type: 'checkbox', id: 'coverage-toggle' } });
    this.toggle.checked = true;
    this.legend = h(
      'div',
      { class: 'coverage-legend', attrs: { id: 'coverage-legend' } },
      h('div', { class: 'coverage-summary' }),
      h(
        'div',
        { class: 'legend-row' },
        h('span', { class: 'swatch covered' }),
        ' covered  ',
        h('span', { class: 'swatch uncovered' }),
        ' never covered  ',
        h('span', { class: 'swatch retry-unfired', text: '↻' }),
        ' retrier never fired',
      ),
      h('label', { class: 'inline' }, this.toggle, ' Show coverage on the graph'),
    );
    this.legend.hidden = true;
    this.historyBox = h('div', { class: 'history-box', attrs: { id: 'history-result', 'aria-live': 'polite' } });
    this.historyBox.hidden = true;
    this.addCaseButton = h('button', {
      class: 'secondary',
      text: 'Add test case from this run',
      title: 'The last dry run, as a test case of a mock file',
    });
    this.addCaseButton.disabled = true;
    const mockButton = (text: string, command: 'createMockFile' | 'createHandlerStub', title: string) => {
      const b = h('button', { class: 'secondary', text, title });
      b.addEventListener('click', () => this.host.post({ type: 'mockCommand', command }));
      return b;
    };
    this.root.replaceChildren(
      h('h3', { text: 'Tests' }),
      h('div', { class: 'row' }, this.runAllButton, importButton),
      this.list,
      this.legend,
      this.historyBox,
      h(
        'div',
        { class: 'row wrap mock-buttons' },
        mockButton('Create mock file', 'createMockFile', 'A mock file for this machine, beside it'),
        this.addCaseButton,
        mockButton('Create handler stub', 'createHandlerStub', 'A local handler for a Lambda function this machine calls'),
      ),
    );
    this.addCaseButton.addEventListener('click', () => this.host.post({ type: 'mockCommand', command: 'addTestCaseFromRun' }));
    this.runAllButton.addEventListener('click', () => this.runAll());
    importButton.addEventListener('click', () => this.host.post({ type: 'importHistory' }));
    this.toggle.addEventListener('change', () => this.remark());
    this.childBar = h('div', { class: 'banner child-bar', attrs: { id: 'child-bar', role: 'status' } });
    this.childBar.hidden = true;
    byId('banner').after(this.childBar);
  }

  /** Another document is shown in the panel: nothing of this one's tests stays. */
  reset(): void {
    this.stack.length = 0;
    this.pendingGraph = undefined;
    this.waitingChild = undefined;
    this.coverage = undefined;
    this.marks = undefined;
    this.divergedNode = undefined;
    this.outcomes = [];
    this.shown = undefined;
    this.runAllButton.disabled = false;
    this.addCaseButton.disabled = true;
    this.list.replaceChildren();
    this.legend.hidden = true;
    this.historyBox.hidden = true;
    this.childBar.hidden = true;
    document.body.classList.remove('child-run');
    this.remark();
  }

  /** True while a child execution's run is drawn instead of the document. */
  get inChild(): boolean {
    return this.stack.length > 0;
  }

  /** A graph of the document arrived: while a child is shown, it waits for the way back. True: the caller must not draw it. */
  holdGraph(graph: PositionedGraph): boolean {
    if (!this.inChild) return false;
    this.pendingGraph = graph;
    return true;
  }

  /** A dry run of the document was shown. */
  ranDocument(run: ShownRun): void {
    this.shown = run;
    this.addCaseButton.disabled = false;
  }

  current(): ShownRun | undefined {
    return this.shown;
  }

  handle(message: TestsToWebview): boolean {
    switch (message.type) {
      case 'testResults':
        this.showOutcomes(message.mockFile, message.outcomes, message.coverage);
        return true;
      case 'coverage':
        this.setCoverage(message.coverage);
        return true;
      case 'testsError':
        this.runAllButton.disabled = false;
        this.list.replaceChildren(h('div', { class: 'error', text: message.message }));
        return true;
      case 'historyResult':
        this.showHistory(message);
        return true;
      case 'historyError':
        this.historyBox.hidden = false;
        this.historyBox.replaceChildren(h('div', { class: 'error', text: message.message }));
        return true;
      case 'childGraph':
        this.enterChild(message.machine, message.fileName, message.graph);
        return true;
      case 'childError':
        this.childBar.hidden = false;
        this.childBar.className = 'banner error child-bar';
        this.childBar.textContent = `The child run of ${message.machine} cannot be shown: ${message.message}`;
        return true;
      default:
        return false;
    }
  }

  private runAll(): void {
    const mockFile = this.host.mockFile();
    if (!mockFile) {
      this.list.replaceChildren(
        h('div', { class: 'error', text: 'Pick a mock file with test cases for this machine first (Dry run › Mock file).' }),
      );
      return;
    }
    this.runAllButton.disabled = true;
    this.list.replaceChildren(h('div', { class: 'note', text: 'Running every test case…' }));
    this.host.post({ type: 'runAll', mockFile });
  }

  // ------------------------------------------------------------------ run all cases

  private showOutcomes(mockFile: string, outcomes: TestCaseOutcome[], coverage: CoverageRange[] | undefined): void {
    this.runAllButton.disabled = false;
    this.outcomes = outcomes;
    this.outcomesFile = mockFile;
    const passed = outcomes.filter((o) => o.verdict.passed).length;
    const rows = outcomes.map((o, i) => {
      const row = h(
        'div',
        {
          class: `test-case ${o.verdict.passed ? 'passed' : 'failed'}`,
          attrs: { role: 'listitem', tabindex: '0', 'data-case': o.testCase },
        },
        h('span', { class: 'mark', text: o.verdict.passed ? '✓' : '✗' }),
        h('span', { class: 'name', text: o.testCase }),
        h('span', { class: 'count', text: o.result ? o.result.status : 'not run' }),
      );
      row.title = o.verdict.passed ? 'Passed: click to show this run on the graph' : `Failed: ${o.verdict.failures.join('\n')}`;
      const open = () => this.showOutcome(i);
      row.addEventListener('click', open);
      row.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          open();
        }
      });
      return row;
    });
    this.list.replaceChildren(
      h('div', {
        class: passed === outcomes.length ? 'summary status-succeeded' : 'summary error',
        text: `${passed} of ${outcomes.length} test case${outcomes.length === 1 ? '' : 's'} passed`,
      }),
      ...rows,
    );
    // The coverage of all cases is the picture now; a case's run shows when it is clicked.
    this.host.graph.markRun(undefined);
    if (coverage) this.setCoverage(coverage);
  }

  /** Shows one case's run on the graph, its verdict and diff in the run pane and under its row. */
  private showOutcome(i: number): void {
    const o = this.outcomes[i];
    const model = this.host.graph.current?.model;
    for (const el of this.list.querySelectorAll('.test-case'))
      el.classList.toggle('chosen', (el as HTMLElement).dataset.case === o.testCase);
    this.list.querySelectorAll('.diff').forEach((d) => d.remove());
    if (!o.result || !model) return;
    const run: ShownRun = { result: o.result, millis: o.millis, verdict: o.verdict, mockFile: this.outcomesFile };
    this.shown = run;
    this.host.showRun(run, model);
    const diff = diffOf(o.verdict);
    if (diff) this.list.querySelector(`.test-case[data-case="${CSS.escape(o.testCase)}"]`)?.after(diff);
  }

  // ------------------------------------------------------------------ coverage

  private setCoverage(coverage: CoverageRange[]): void {
    this.coverage = coverage;
    this.recomputeMarks();
    this.legend.hidden = false;
    this.remark();
  }

  private recomputeMarks(): void {
    const model = this.host.graph.current?.model;
    this.marks = this.coverage && model && !this.inChild ? coverageMarks(model, this.coverage) : undefined;
    const summary = this.legend.querySelector('.coverage-summary');
    if (summary) summary.textContent = this.marks ? coverageSummary(this.marks) : '';
  }

  /** The document's graph was drawn again (an edit): the marks follow its nodes. */
  graphShown(): void {
    if (this.inChild) return;
    this.recomputeMarks();
    this.remark();
  }

  private remark(): void {
    const show = this.toggle.checked && !this.inChild;
    const m = this.marks;
    const diverged = this.inChild ? undefined : this.divergedNode;
    this.host.graph.setMarker((el, kind, id) => {
      const uncovered = show && m !== undefined && (kind === 'node' ? m.uncoveredNodes.has(id) : m.uncoveredEdges.has(id));
      el.classList.toggle('uncovered', uncovered);
      el.classList.toggle('diverged', kind === 'node' && id === diverged);
      if (kind === 'node') markUnfiredRetriers(el, show ? m?.unfiredRetriers.get(id) : undefined);
    });
    document.body.classList.toggle('coverage-shown', show && m !== undefined);
  }

  // ------------------------------------------------------------------ an imported history

  private showHistory(m: Extract<TestsToWebview, { type: 'historyResult' }>): void {
    const model = this.host.graph.current?.model;
    if (!model) return;
    const run: ShownRun = { result: m.recorded, millis: 0, explained: m.explained };
    this.shown = run;
    this.host.showRun(run, model);
    this.divergedNode = m.divergence ? nodeOf(model, m.divergence) : undefined;
    const box: (Node | string)[] = [h('div', { class: 'history-title', text: `Execution history ${m.fileName}: ${m.recorded.status}` })];
    if (m.divergence) {
      const link = h('a', { text: m.divergence.stateName, attrs: { href: '#' } });
      link.addEventListener('click', (e) => {
        e.preventDefault();
        if (this.divergedNode) {
          this.host.graph.select({ kind: 'node', id: this.divergedNode });
          this.host.graph.reveal(this.divergedNode, true);
        }
      });
      box.push(
        h('div', { class: 'divergence' }, h('strong', { text: 'First divergence: ' }), link),
        h('div', { class: 'divergence-why', text: divergenceMessage(m.divergence) }),
      );
      if (m.divergence.recorded && 'output' in m.divergence.recorded)
        box.push(
          h('label', { text: 'Recorded' }),
          pre(m.divergence.reason === 'input' ? m.divergence.recorded.input : m.divergence.recorded.output),
        );
      if (m.divergence.dryRun)
        box.push(
          h('label', { text: 'Dry run' }),
          pre(m.divergence.reason === 'output' ? m.divergence.dryRun.output : m.divergence.dryRun.input),
        );
    } else if (m.replay)
      box.push(
        h('div', {
          class: 'status-succeeded',
          text: 'A dry run of the same input, each Task answering as recorded, took the same path with the same data.',
        }),
      );
    if (m.note) box.push(h('div', { class: 'note', text: m.note }));
    const create = h('button', {
      text: 'Create test case from this history',
      title: 'A test case that replays this execution (as asl-workbench mocks from-history writes it)',
    });
    create.addEventListener('click', () => this.host.post({ type: 'historyTestCase' }));
    box.push(h('div', { class: 'row' }, create));
    this.historyBox.hidden = false;
    this.historyBox.replaceChildren(...box);
    this.remark();
  }

  // ------------------------------------------------------------------ child runs

  /** The child runs a state of the shown run started: links for the selected state's details. */
  childLinks(nodeId: string): HTMLElement | undefined {
    const run = this.shown;
    const node = this.host.graph.current?.model.nodes.find((n) => n.id === nodeId);
    const children = run?.result.childExecutions?.filter((c) => c.stateName === node?.name) ?? [];
    if (!run || children.length === 0) return undefined;
    const box = h('div', { class: 'child-runs' }, h('label', { text: 'Child executions' }));
    children.forEach((c) => {
      const link = h('a', { text: `${c.machine}: ${c.result.status}`, attrs: { href: '#', 'data-machine': c.machine } });
      link.title = c.executionArn;
      link.addEventListener('click', (e) => {
        e.preventDefault();
        this.openChild(c.machine, c.result, run.mockFile);
      });
      box.append(
        h(
          'div',
          {},
          link,
          ` (${c.pattern === 'start' ? 'startExecution' : c.pattern === 'callback' ? '.waitForTaskToken' : c.pattern === 'sync' ? '.sync' : '.sync:2'})`,
        ),
      );
    });
    return box;
  }

  private waitingChild: { machine: string; result: ExecutionResult; mockFile?: string } | undefined;

  private openChild(machine: string, result: ExecutionResult, mockFile: string | undefined): void {
    if (!mockFile) {
      this.childBar.hidden = false;
      this.childBar.className = 'banner error child-bar';
      this.childBar.textContent =
        "The child run cannot be drawn: the run used no mock file (LocalStateMachines names the child's definition).";
      return;
    }
    this.waitingChild = { machine, result, mockFile };
    this.host.post({ type: 'openChild', machine, mockFile });
  }

  private enterChild(machine: string, fileName: string, graph: PositionedGraph): void {
    const child = this.waitingChild;
    const parent = this.host.graph.current;
    if (!child || child.machine !== machine || !parent) return;
    this.waitingChild = undefined;
    this.stack.push({ graph: parent, run: this.shown });
    this.remark();
    this.host.graph.markRun(undefined);
    this.host.showGraph(graph);
    const run: ShownRun = { result: child.result, millis: 0, mockFile: child.mockFile };
    this.shown = run;
    this.host.showRun(run, graph.model);
    document.body.classList.add('child-run');
    const back = h('button', { class: 'secondary', text: '← Back to the parent run' });
    back.addEventListener('click', () => this.leaveChild());
    this.childBar.className = 'banner child-bar';
    this.childBar.replaceChildren(
      h('span', { text: `Child execution of ${machine} (${fileName}): ${child.result.status}. The graph is read-only here. ` }),
      back,
    );
    this.childBar.hidden = false;
  }

  /** Back to the document's graph from any depth (a dry run of the document is coming). */
  leaveChildren(): void {
    while (this.inChild) this.leaveChild();
  }

  private leaveChild(): void {
    const level = this.stack.pop();
    if (!level) return;
    const graph = this.stack.length === 0 && this.pendingGraph ? this.pendingGraph : level.graph;
    if (this.stack.length === 0) this.pendingGraph = undefined;
    this.host.graph.markRun(undefined);
    this.host.showGraph(graph);
    this.shown = level.run;
    if (level.run) this.host.showRun(level.run, graph.model);
    if (this.stack.length === 0) {
      document.body.classList.remove('child-run');
      this.childBar.hidden = true;
    }
    this.recomputeMarks();
    this.remark();
  }
}

/** The verdict's diff: expected and actual output, expected and actual path. */
function diffOf(v: Verdict): HTMLElement | undefined {
  if (!v.output && !v.path && v.failures.length === 0) return undefined;
  const box = h('div', { class: 'diff' });
  for (const f of v.failures) box.append(h('div', { class: 'verdict-failure', text: f }));
  if (v.output)
    box.append(
      h(
        'div',
        { class: 'columns' },
        h('div', {}, h('label', { text: 'Expected output' }), pre(v.output.expected)),
        h('div', {}, h('label', { text: 'Actual output' }), pre(v.output.actual)),
      ),
    );
  if (v.path)
    box.append(
      h('label', { text: 'Expected path' }),
      h('div', { class: 'path', text: v.path.expected.join(' → ') }),
      h('label', { text: 'Actual path' }),
      h('div', { class: 'path', text: v.path.actual.join(' → ') }),
    );
  return box;
}

/** The node of the divergence's state: by its name inside the Parallel/Map states its scope names. */
function nodeOf(model: GraphModel, d: Divergence): string | undefined {
  const owners = (d.scope ?? []).filter((_, i) => i % 2 === 0);
  const nodes = new Map(model.nodes.map((n) => [n.id, n]));
  const ownerOf = new Map(model.scopes.map((s) => [s.id, s.owner]));
  const around = (scope: string): string[] => {
    const out: string[] = [];
    for (let o = ownerOf.get(scope); o !== undefined; o = ownerOf.get(nodes.get(o)?.scope ?? '')) out.unshift(nodes.get(o)?.name ?? '');
    return out;
  };
  const named = model.nodes.filter((n) => n.kind === 'state' && n.name === d.stateName);
  return (named.find((n) => around(n.scope).join('\u0000') === owners.join('\u0000')) ?? named[0])?.id;
}

/** A state whose retriers (some or all) never fired: its retry badge dashed and grey, saying which in its tooltip; undefined clears. */
function markUnfiredRetriers(el: SVGGElement, indices: number[] | undefined): void {
  el.classList.toggle('retry-unfired', indices !== undefined);
  const badge = el.querySelector('.badge.retry');
  badge?.querySelector('title.unfired')?.remove();
  if (!badge || !indices) return;
  const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
  title.setAttribute('class', 'unfired');
  title.textContent = `Never fired in these runs: ${indices.map((i) => `Retry[${i}]`).join(', ')}`;
  badge.prepend(title);
}
