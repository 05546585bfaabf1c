/**
 * The dry-run side of the panel: the input editor, the mock file and test case pickers, the Run
 * button, the result (with the error, cause and failing state of a failed run), the details of
 * the selected state per branch and iteration, and the filterable event history.
 */
import type { Verdict } from '../../server/src/core/testing/verdict';
import type { ExecutionResult, HistoryEvent } from '../../server/src/core/engine/types';
import type { GraphModel } from '../../server/src/core/graph/types';
import type { MockFileInfo } from '../../protocol/panel';
import type { ExplainedVisit } from '../../server/src/core/explain/explain';
import { byId, h, json, pre } from './dom';
import { dataFlowSteps, type RunView } from './runModel';
import { statusText } from './graphView';
import { LIVE_STATUS } from '../../protocol/panel';

/** Rows drawn at most; the filter narrows the rest down. */
const MAX_ROWS = 2000;

export interface RunForm {
  input: string;
  mockFile?: string;
  testCase?: string;
}

export class RunPanel {
  private readonly input = byId<HTMLTextAreaElement>('input');
  private readonly mock = byId<HTMLSelectElement>('mock');
  private readonly testCase = byId<HTMLSelectElement>('case');
  private readonly runButton = byId<HTMLButtonElement>('run');
  private readonly trust = byId<HTMLElement>('trust');
  private readonly result = byId<HTMLElement>('result');
  private readonly details = byId<HTMLElement>('details');
  private readonly history = byId<HTMLElement>('history');
  private readonly filter = byId<HTMLInputElement>('filter');
  private readonly rows = byId<HTMLElement>('rows');
  private readonly shown = byId<HTMLElement>('shown');
  private files: MockFileInfo[] = [];
  /** The pickers' choice, kept while the list of files is not there yet (after a reload). */
  private remembered: { mockFile?: string; testCase?: string };
  /** The last run, and its state visits in words by their entered event's id. */
  private last: { result: ExecutionResult; view: RunView; model: GraphModel; why: Map<number, string[]> } | undefined;

  constructor(
    initial: RunForm,
    private readonly callbacks: {
      onRun(form: RunForm): void;
      onChange(form: RunForm): void;
      onRefreshMocks(): void;
      onSelectNode(nodeId: string): void;
    },
  ) {
    this.input.value = initial.input;
    this.remembered = { mockFile: initial.mockFile, testCase: initial.testCase };
    this.fillMocks([], initial.mockFile, initial.testCase);
    this.input.addEventListener('input', () => this.callbacks.onChange(this.form()));
    this.mock.addEventListener('change', () => {
      this.fillCases(this.mock.value, undefined);
      this.picked();
    });
    this.testCase.addEventListener('change', () => {
      this.updatePlaceholder();
      this.picked();
    });
    this.runButton.addEventListener('click', () => this.run());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        this.run();
      }
    });
    byId<HTMLButtonElement>('refresh-mocks').addEventListener('click', () => this.callbacks.onRefreshMocks());
    this.filter.addEventListener('input', () => this.renderHistory());
  }

  private picked(): void {
    const form = this.form();
    this.remembered = { mockFile: form.mockFile, testCase: form.testCase };
    this.callbacks.onChange(form);
  }

  form(): RunForm {
    return { input: this.input.value, mockFile: this.mock.value || undefined, testCase: this.testCase.value || undefined };
  }

  setTrusted(trusted: boolean): void {
    this.trust.hidden = trusted;
    this.trust.textContent = trusted
      ? ''
      : 'This workspace is not trusted: runs that need local handler code are refused. Mocked responses still run.';
  }

  /** Runs as the Run button does (the extension asks for it: the "Dry run" CodeLens). */
  start(): void {
    this.run();
  }

  private run(): void {
    const text = this.input.value.trim();
    if (text !== '') {
      try {
        JSON.parse(text);
      } catch (err) {
        this.showError(`The input is not valid JSON: ${(err as Error).message}`);
        return;
      }
    }
    this.runButton.disabled = true;
    this.result.hidden = false;
    this.result.className = 'result';
    this.result.textContent = 'Running…';
    this.callbacks.onRun(this.form());
  }

  setMocks(files: MockFileInfo[]): void {
    this.fillMocks(files, this.remembered.mockFile, this.remembered.testCase);
  }

  private fillMocks(files: MockFileInfo[], mockFile: string | undefined, testCase: string | undefined): void {
    this.files = files;
    this.mock.replaceChildren(
      h('option', {
        text: files.length ? 'No mock file (Tasks fail unless mocked)' : 'No *mock*.json file in the workspace',
        attrs: { value: '' },
      }),
    );
    for (const f of files) this.mock.append(h('option', { text: f.label, attrs: { value: f.uri } }));
    // A remembered file that is gone falls back to none. With nothing remembered, the obvious file
    // is picked: the only one, or the first, when it has test cases for this machine (listed first).
    const obvious = files.length === 1 || (files[0]?.testCases.length ?? 0) > 0 ? files[0] : undefined;
    this.mock.value = mockFile && files.some((f) => f.uri === mockFile) ? mockFile : mockFile === undefined && obvious ? obvious.uri : '';
    this.fillCases(this.mock.value, testCase);
  }

  private fillCases(mockFile: string, testCase: string | undefined): void {
    const cases = this.files.find((f) => f.uri === mockFile)?.testCases ?? [];
    this.testCase.replaceChildren(
      h('option', { text: cases.length ? 'No test case (handlers only)' : 'No test cases', attrs: { value: '' } }),
    );
    for (const c of cases) this.testCase.append(h('option', { text: c.name, attrs: { value: c.name } }));
    // Nothing remembered: the first test case, so Run does something meaningful at once.
    this.testCase.value =
      testCase && cases.some((c) => c.name === testCase) ? testCase : testCase === undefined && cases.length > 0 ? cases[0].name : '';
    this.testCase.disabled = cases.length === 0;
    this.updatePlaceholder();
  }

  private updatePlaceholder(): void {
    const c = this.files.find((f) => f.uri === this.mock.value)?.testCases.find((t) => t.name === this.testCase.value);
    this.input.placeholder = c?.input ? `Empty: the test case's input\n${c.input}` : 'Execution input (JSON); empty: {}';
  }

  showError(message: string, untrusted = false): void {
    this.runButton.disabled = false;
    this.result.hidden = false;
    this.result.className = 'result failed';
    this.result.replaceChildren(
      h('div', { class: 'error', text: untrusted ? 'Not run: the workspace is not trusted' : 'Not run' }),
      h('div', { text: message }),
    );
  }

  showResult(
    result: ExecutionResult,
    view: RunView,
    model: GraphModel,
    millis: number,
    selected: string | undefined,
    explained: ExplainedVisit[] = [],
    verdict?: Verdict,
  ): void {
    this.runButton.disabled = false;
    this.last = { result, view, model, why: new Map(explained.map((v) => [v.enteredEventId, v.lines])) };
    this.result.hidden = false;
    // An endpoint's execution still running (endpointWatch.ts) has no error to show yet.
    const running = (result.status as string) === LIVE_STATUS;
    const ok = result.status === 'SUCCEEDED' || running;
    // A test case's verdict decides the colour: an expected failure is a passed test.
    this.result.className = (verdict ? verdict.passed : ok) ? 'result' : 'result failed';
    const head = h('div', {
      class: running ? 'status-running' : ok ? 'status-succeeded' : 'error',
      text: `${result.status} · ${result.path.length} state${result.path.length === 1 ? '' : 's'} · ${Math.round(result.simulatedSeconds * 1000) / 1000} s simulated · ${Math.round(millis)} ms`,
    });
    this.result.replaceChildren(head);
    if (verdict) {
      const line = h('div', {
        class: verdict.passed ? 'verdict status-succeeded' : 'verdict error',
        text: verdict.passed ? 'Test passed: every $test expectation met' : 'Test failed',
      });
      this.result.prepend(line);
      for (const f of verdict.failures) this.result.append(h('div', { class: 'verdict-failure', text: f }));
    }
    if (!ok) {
      const at = view.failedNode ? model.nodes.find((n) => n.id === view.failedNode)?.name : undefined;
      this.result.append(h('div', { text: `Error: ${result.error ?? '(none)'}` }));
      if (result.cause) this.result.append(h('div', { text: `Cause: ${result.cause}` }));
      // Our explanation, under AWS's own cause and apart from it.
      if (result.hint) this.result.append(h('div', { class: 'hint', text: `Hint: ${result.hint}` }));
      if (at) {
        const link = h('a', { text: at, attrs: { href: '#' } });
        link.addEventListener('click', (e) => {
          e.preventDefault();
          this.callbacks.onSelectNode(view.failedNode!);
        });
        this.result.append(h('div', {}, 'In state ', link));
      }
    } else {
      this.result.append(h('div', { text: 'Output:' }), pre(result.output));
    }
    this.history.hidden = false;
    this.renderHistory();
    this.showDetails(selected);
  }

  /** The selected state's runs: input, each data-flow step, output, per branch or iteration. */
  showDetails(nodeId: string | undefined): void {
    this.details.textContent = '';
    if (!nodeId || !this.last) return;
    const node = this.last.model.nodes.find((n) => n.id === nodeId);
    const nr = this.last.view.nodes.get(nodeId);
    this.details.append(h('h3', { text: node ? `${node.name} (${node.type ?? 'state'})` : nodeId }));
    if (!nr) {
      this.details.append(h('p', { class: 'note', text: 'The last run did not enter this state.' }));
      return;
    }
    this.details.append(h('p', { class: `status-${nr.status}`, text: statusText(nr.status, nr.retries, nr.runs.length) }));
    const many = nr.runs.length > 20;
    for (const r of many ? nr.runs.slice(0, 20) : nr.runs) {
      const box = h('div', { class: 'instance' });
      box.append(
        h(
          'div',
          {},
          h('span', { class: 'where', text: r.where || 'top level' }),
          ' · ',
          h('span', { class: `status-${r.status}`, text: statusText(r.status, r.retries, 1) }),
        ),
      );
      if (r.error) box.append(h('div', { class: 'status-failed', text: `${r.error}${r.cause ? `: ${r.cause}` : ''}` }));
      if (r.error && r.hint) box.append(h('div', { class: 'hint', text: `Hint: ${r.hint}` }));
      for (const line of this.last.why.get(r.enteredEventId) ?? []) box.append(h('div', { class: 'why', text: line }));
      box.append(h('label', { text: 'Input' }), pre(r.input));
      if (r.dataFlow) for (const [label, value] of dataFlowSteps(r.dataFlow)) box.append(h('label', { text: label }), pre(value));
      if (r.status === 'succeeded' || r.status === 'caught') box.append(h('label', { text: 'Output' }), pre(r.output));
      this.details.append(box);
    }
    if (many)
      this.details.append(h('p', { class: 'note', text: `… and ${nr.runs.length - 20} more runs of this state (see the history below).` }));
  }

  private renderHistory(): void {
    if (!this.last) return;
    const q = this.filter.value.trim().toLowerCase();
    const events = this.last.result.events;
    const start = events.length ? Date.parse(events[0].timestamp) : 0;
    const body: HTMLTableRowElement[] = [];
    let matched = 0;
    for (const ev of events) {
      const detailsText = ev.details ? json(ev.details, 400).replace(/\s+/g, ' ') : '';
      const where = (ev.scope ?? []).join(' › ');
      if (q && !`${ev.id} ${ev.type} ${ev.stateName ?? ''} ${where} ${detailsText}`.toLowerCase().includes(q)) continue;
      matched++;
      if (body.length >= MAX_ROWS) continue;
      body.push(this.row(ev, start, where, detailsText));
    }
    this.rows.replaceChildren(...body);
    this.shown.textContent = `${matched} of ${events.length} events${matched > MAX_ROWS ? ` (first ${MAX_ROWS} shown)` : ''}`;
  }

  private row(ev: HistoryEvent, start: number, where: string, detailsText: string): HTMLTableRowElement {
    const seconds = (Date.parse(ev.timestamp) - start) / 1000;
    const tr = h(
      'tr',
      { class: /Failed|TimedOut|Aborted/.test(ev.type) ? 'failed' : '' },
      h('td', { text: String(ev.id) }),
      h('td', { text: Number.isFinite(seconds) ? `+${seconds}s` : '' }),
      h('td', { text: ev.type }),
      h('td', { text: ev.stateName ?? '' }),
      h('td', { text: where }),
      h('td', { class: 'details', text: detailsText.length > 160 ? `${detailsText.slice(0, 160)}…` : detailsText, title: detailsText }),
    );
    tr.addEventListener('click', () => {
      const node = ev.stateName && this.last?.model.nodes.find((n) => n.kind === 'state' && n.name === ev.stateName);
      if (node) this.callbacks.onSelectNode(node.id);
    });
    return tr;
  }
}
