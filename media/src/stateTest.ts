/**
 * "Test this state": the selected state run on its own as AWS's TestState API runs it (the
 * server's engine/testState.ts), with an input (prefilled from the last run's input to that state)
 * and a mocked result or error, and the TestState-shaped answer shown: status, next state, output
 * or error and cause, and the inspection data step by step. Opened from the sidebar's button or
 * by right-clicking a state on the graph.
 */
import type { InspectionData, TestStateResponse } from '../../server/src/core/engine/testStateTypes';
import type { TestsToExtension, TestsToWebview } from '../../protocol/panelTests';
import { byId, h, pre } from './dom';

/** The inspection data in the order the state applies it, with readable names. */
const INSPECTION_STEPS: [keyof InspectionData, string][] = [
  ['input', 'Input'],
  ['afterInputPath', 'After InputPath'],
  ['afterItemsPath', 'After ItemsPath'],
  ['afterParameters', 'After Parameters'],
  ['afterArguments', 'After Arguments'],
  ['result', 'Result'],
  ['afterResultSelector', 'After ResultSelector'],
  ['afterResultPath', 'After ResultPath'],
  ['variables', 'Variables'],
];

export interface StateTestHost {
  post(message: TestsToExtension): void;
  /** The name of a node's state and the input the last run gave it (undefined: none). */
  stateOf(nodeId: string): { name: string; type?: string; lastInput?: unknown } | undefined;
  /** Select a state (a right-click on it). */
  select(nodeId: string): void;
}

export class StateTest {
  private readonly root = byId<HTMLElement>('state-test');
  private readonly open: HTMLButtonElement;
  private readonly form: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly kind: HTMLSelectElement;
  private readonly result: HTMLTextAreaElement;
  private readonly error: HTMLInputElement;
  private readonly cause: HTMLInputElement;
  private readonly answer: HTMLElement;
  private readonly children: HTMLElement;
  private node: string | undefined;
  private name: string | undefined;
  /** The input typed for each state, kept while the page lives. */
  private readonly typed = new Map<string, string>();

  constructor(private readonly host: StateTestHost) {
    this.open = h('button', {
      class: 'secondary',
      text: 'Test this state…',
      title: 'Run this state on its own, as the TestState API does, with an input and a mocked result or error',
    });
    this.input = h('textarea', { attrs: { id: 'st-input', spellcheck: 'false', rows: '4' } });
    this.kind = h(
      'select',
      { attrs: { id: 'st-mock' } },
      h('option', { text: 'No mock', attrs: { value: '' } }),
      h('option', { text: 'Mock a result', attrs: { value: 'result' } }),
      h('option', { text: 'Mock an error', attrs: { value: 'error' } }),
    );
    this.result = h('textarea', { attrs: { id: 'st-result', spellcheck: 'false', rows: '3', placeholder: 'The mocked result (JSON)' } });
    this.error = h('input', { attrs: { id: 'st-error', type: 'text', placeholder: 'Error, e.g. States.TaskFailed' } });
    this.cause = h('input', { attrs: { id: 'st-cause', type: 'text', placeholder: 'Cause (optional)' } });
    const run = h('button', { text: 'Test', attrs: { id: 'st-run' } });
    this.answer = h('div', { class: 'st-answer', attrs: { id: 'st-answer', 'aria-live': 'polite' } });
    this.form = h(
      'div',
      { class: 'st-form' },
      h('label', { text: 'Input', attrs: { for: 'st-input' } }),
      this.input,
      h('label', { text: 'Mock', attrs: { for: 'st-mock' } }),
      this.kind,
      this.result,
      this.error,
      this.cause,
      h('div', { class: 'row' }, run),
      this.answer,
    );
    this.form.hidden = true;
    this.children = h('div');
    this.root.replaceChildren(this.children, h('div', { class: 'row' }, this.open), this.form);
    this.root.hidden = true;
    this.open.addEventListener('click', () => this.show(!this.form.hidden ? false : true));
    this.kind.addEventListener('change', () => this.mockFields());
    this.input.addEventListener('input', () => this.name && this.typed.set(this.name, this.input.value));
    run.addEventListener('click', () => this.run());
    this.mockFields();
    // A right-click on a state opens its test.
    byId('canvas').addEventListener('contextmenu', (e) => {
      const g = (e.target as Element | null)?.closest?.('g.node.state') as SVGGElement | null;
      const id = g?.dataset.id;
      if (!id || document.body.classList.contains('child-run')) return;
      e.preventDefault();
      this.host.select(id);
      this.show(true);
      this.root.scrollIntoView({ block: 'nearest' });
    });
  }

  /** The selected state (undefined: none, or a marker). `children`: its child runs' links. */
  selected(nodeId: string | undefined, children?: HTMLElement): void {
    const st = nodeId ? this.host.stateOf(nodeId) : undefined;
    this.children.replaceChildren(...(children ? [children] : []));
    this.root.hidden = !st;
    if (!st || !nodeId) {
      this.node = undefined;
      return;
    }
    if (nodeId === this.node) return;
    this.node = nodeId;
    this.name = st.name;
    this.answer.replaceChildren();
    this.form.hidden = true;
    this.open.hidden = document.body.classList.contains('child-run');
    const typed = this.typed.get(st.name);
    this.input.value = typed ?? (st.lastInput !== undefined ? JSON.stringify(st.lastInput, null, 2) : '{}');
    this.input.placeholder = "The state's input (JSON)";
    // A Task has nothing to call offline without a mock: start with a result to fill in.
    if (this.kind.value === '' && st.type === 'Task') this.kind.value = 'result';
    if (st.type !== 'Task' && st.type !== 'Map' && st.type !== 'Parallel') this.kind.value = '';
    this.mockFields();
  }

  private show(open: boolean): void {
    this.form.hidden = !open;
    this.open.textContent = open ? 'Hide the state test' : 'Test this state…';
  }

  private mockFields(): void {
    this.result.hidden = this.kind.value !== 'result';
    this.error.hidden = this.kind.value !== 'error';
    this.cause.hidden = this.kind.value !== 'error';
  }

  private run(): void {
    if (!this.name) return;
    const bad = (message: string) => this.answer.replaceChildren(h('div', { class: 'error', text: message }));
    const text = this.input.value.trim() === '' ? '{}' : this.input.value;
    try {
      JSON.parse(text);
    } catch (err) {
      return bad(`The input is not valid JSON: ${(err as Error).message}`);
    }
    let mock: Extract<TestsToExtension, { type: 'testState' }>['mock'];
    if (this.kind.value === 'result') {
      const r = this.result.value.trim() === '' ? '{}' : this.result.value;
      try {
        JSON.parse(r);
      } catch (err) {
        return bad(`The mocked result is not valid JSON: ${(err as Error).message}`);
      }
      mock = { result: r };
    } else if (this.kind.value === 'error') {
      if (this.error.value.trim() === '') return bad('Name the mocked error (e.g. States.TaskFailed).');
      mock = {
        errorOutput:
          this.cause.value === '' ? { error: this.error.value.trim() } : { error: this.error.value.trim(), cause: this.cause.value },
      };
    }
    this.answer.replaceChildren(h('div', { class: 'note', text: 'Testing…' }));
    this.host.post(
      mock ? { type: 'testState', stateName: this.name, input: text, mock } : { type: 'testState', stateName: this.name, input: text },
    );
  }

  handle(message: TestsToWebview): boolean {
    if (message.type !== 'testStateResult' && message.type !== 'testStateError') return false;
    if (message.stateName !== this.name) return true;
    if (message.type === 'testStateError') this.answer.replaceChildren(h('div', { class: 'error', text: message.message }));
    else this.showResponse(message.response);
    return true;
  }

  private showResponse(r: TestStateResponse): void {
    const ok = r.status === 'SUCCEEDED' || r.status === 'CAUGHT_ERROR';
    const out: (Node | string)[] = [h('div', { class: `st-status ${ok ? 'status-succeeded' : 'error'}`, text: r.status })];
    if (r.nextState !== undefined) out.push(h('div', { text: `Next state: ${r.nextState}` }));
    if (r.error !== undefined) out.push(h('div', { class: 'error', text: `Error: ${r.error}` }));
    if (r.cause !== undefined) out.push(h('div', { text: `Cause: ${r.cause}` }));
    if (r.output !== undefined) out.push(h('label', { text: 'Output' }), pre(parsed(r.output)));
    const data = r.inspectionData;
    if (data) {
      const steps = h('div', { class: 'st-inspection' }, h('label', { class: 'heading', text: 'Inspection data' }));
      for (const [key, label] of INSPECTION_STEPS)
        if (data[key] !== undefined) steps.append(h('label', { text: label }), pre(parsed(data[key] as string)));
      const e = data.errorDetails;
      if (e) {
        const parts = [
          e.retryIndex !== undefined ? `retrier ${e.retryIndex}` : '',
          e.retryBackoffIntervalSeconds !== undefined ? `retry after ${e.retryBackoffIntervalSeconds} s` : '',
          e.catchIndex !== undefined ? `caught by catcher ${e.catchIndex}` : '',
        ].filter(Boolean);
        steps.append(h('label', { text: 'Error details' }), h('div', { text: parts.join(', ') || JSON.stringify(e) }));
      }
      for (const k of ['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage'] as const)
        if (data[k] !== undefined) steps.append(h('div', { text: `${k}: ${data[k]}` }));
      out.push(steps);
    }
    this.answer.replaceChildren(...out);
  }
}

/** TestState's JSON fields are JSON text: shown as the values they hold. */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
