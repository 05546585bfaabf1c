/**
 * Editing from the graph, on the page's side: the palette (click a type to add it after the
 * selected state or on the selected transition, or drag it onto one), renaming in place
 * (double-click or F2), and the side form of the selected state (name, Next, common fields,
 * delete). Every gesture becomes one `edit` message; the extension asks the server for the text
 * edits and applies them to the document, and the new graph follows as after any typing.
 */
import { FORM_FIELDS, type GraphEdit } from '../../protocol/panel';
import type { PaletteType } from '../../server/src/core/graph/editTypes';
import type { GraphModel, GraphNode } from '../../server/src/core/graph/types';
import { byId, h } from './dom';
import type { GraphView, Selection } from './graphView';

/** Fields shown for every state, and per type. */
const FIELDS_FOR: Record<string, readonly string[]> = {
  Task: ['Resource', 'TimeoutSeconds'],
  Wait: ['Seconds'],
  Fail: ['Error', 'Cause'],
};
const NUMERIC = new Set(['Seconds', 'TimeoutSeconds']);

export class Editing {
  private readonly rename = byId<HTMLInputElement>('rename');
  private readonly form = byId<HTMLElement>('state-form');
  private readonly name = byId<HTMLInputElement>('f-name');
  private readonly type = byId<HTMLElement>('f-type');
  private readonly next = byId<HTMLSelectElement>('f-next');
  private readonly fields = byId<HTMLElement>('f-fields');
  private renaming: string | undefined;
  private formNode: string | undefined;
  /** The name of the state to select once the edited graph arrives. */
  private pendingSelect: string | undefined;

  constructor(
    private readonly graph: GraphView,
    private readonly send: (edit: GraphEdit) => void,
    private readonly collapse: (nodeId: string, collapsed: boolean) => void,
    private readonly say: (message: string | undefined, kind: 'error' | 'note') => void,
  ) {
    this.palette();
    this.rename.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        this.commitRename();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        this.endRename();
      }
    });
    this.rename.addEventListener('blur', () => this.commitRename());
    this.name.addEventListener('change', () => {
      const node = this.node(this.formNode);
      if (node && this.name.value !== node.name) this.send({ op: 'rename', node: node.id, name: this.name.value });
    });
    this.next.addEventListener('change', () => {
      if (this.formNode && this.next.value) this.send({ op: 'connect', from: this.formNode, to: this.next.value });
    });
    byId('f-delete').addEventListener('click', () => this.formNode && this.delete({ kind: 'node', id: this.formNode }));
    byId('f-collapse').addEventListener('click', () => this.formNode && this.toggleCollapse(this.formNode));
  }

  private node(id: string | undefined): GraphNode | undefined {
    return id === undefined ? undefined : this.graph.current?.model.nodes.find((n) => n.id === id);
  }

  // ------------------------------------------------------------------ palette

  private palette(): void {
    for (const button of byId('palette').querySelectorAll<HTMLButtonElement>('button[data-type]')) {
      const type = button.dataset.type as PaletteType;
      let drag: { id: number; moved: boolean; x: number; y: number } | undefined;
      button.addEventListener('pointerdown', (e) => {
        if (e.button !== 0) return;
        button.setPointerCapture(e.pointerId);
        drag = { id: e.pointerId, moved: false, x: e.clientX, y: e.clientY };
      });
      button.addEventListener('pointermove', (e) => {
        if (drag && e.pointerId === drag.id && !drag.moved && Math.hypot(e.clientX - drag.x, e.clientY - drag.y) > 4) {
          drag.moved = true;
          document.body.classList.add('dragging-type');
        }
      });
      button.addEventListener('pointerup', (e) => {
        const d = drag;
        drag = undefined;
        document.body.classList.remove('dragging-type');
        if (!d || e.pointerId !== d.id) return;
        if (!d.moved) return this.add(type, this.graph.selection);
        // Dropped on a state or a transition: add there.
        for (const el of document.elementsFromPoint(e.clientX, e.clientY)) {
          const node = el.closest?.('#canvas g.node.state[data-id]') as SVGGElement | null;
          if (node) return this.add(type, { kind: 'node', id: node.dataset.id! });
          const edge = el.closest?.('#canvas g.edge[data-id]') as SVGGElement | null;
          if (edge) return this.add(type, { kind: 'edge', id: edge.dataset.id! });
        }
      });
      // The pointer handlers do the work; a click from the keyboard (Enter, Space) has no pointer.
      button.addEventListener('click', (e) => e.detail === 0 && this.add(type, this.graph.selection));
    }
  }

  private add(type: PaletteType, sel: Selection | undefined): void {
    if (!sel) return this.say(`Select a state or a transition first: the new ${type} state goes after it.`, 'error');
    this.send(sel.kind === 'node' ? { op: 'add', type, after: sel.id } : { op: 'add', type, edge: sel.id });
  }

  delete(sel: Selection): void {
    if (sel.kind === 'node' && this.node(sel.id)?.kind === 'state') this.send({ op: 'delete', node: sel.id });
  }

  /** Closes an open Parallel or Map (its branches hidden), or opens a closed one. */
  toggleCollapse(nodeId: string): void {
    const node = this.node(nodeId);
    if (node?.children?.length) this.collapse(nodeId, true);
    else if (node?.hidden !== undefined) this.collapse(nodeId, false);
  }

  connect(from: string, to: string, edge?: string): void {
    this.send(edge ? { op: 'connect', from, to, edge } : { op: 'connect', from, to });
  }

  // ------------------------------------------------------------------ rename in place

  startRename(nodeId: string, at: DOMRect): void {
    const node = this.node(nodeId);
    if (!node || node.kind !== 'state') return;
    const host = byId('canvas').getBoundingClientRect();
    this.renaming = nodeId;
    this.rename.value = node.name;
    this.rename.style.left = `${Math.max(0, at.left - host.left)}px`;
    this.rename.style.top = `${Math.max(0, at.top - host.top + at.height / 2 - 12)}px`;
    this.rename.style.width = `${Math.max(120, at.width)}px`;
    this.rename.hidden = false;
    this.rename.focus();
    this.rename.select();
  }

  private commitRename(): void {
    const id = this.renaming;
    const node = this.node(id);
    const value = this.rename.value;
    this.endRename();
    if (node && value !== node.name) this.send({ op: 'rename', node: node.id, name: value });
  }

  private endRename(): void {
    if (this.renaming === undefined) return;
    this.renaming = undefined;
    this.rename.hidden = true;
    byId('canvas').focus({ preventScroll: true });
  }

  // ------------------------------------------------------------------ the side form

  /** Shows the form of a selected state (hidden for anything else). */
  showForm(model: GraphModel | undefined, sel: Selection | undefined): void {
    const node = sel?.kind === 'node' ? model?.nodes.find((n) => n.id === sel.id && n.kind === 'state') : undefined;
    this.formNode = node?.id;
    this.form.hidden = !node;
    if (!node || !model) return;
    this.name.value = node.name;
    this.type.textContent = node.type ? `${node.type} state` : 'No Type';
    const target = model.edges.find((e) => e.from === node.id && e.kind === 'next')?.to;
    const goes = node.type !== 'Choice' && node.type !== 'Succeed' && node.type !== 'Fail';
    this.next.disabled = !goes;
    this.next.replaceChildren(
      h('option', { text: goes ? (target ? '' : '(ends here)') : '(by its rules)', attrs: { value: '' } }),
      ...model.nodes
        .filter((n) => n.kind === 'state' && n.scope === node.scope && n.id !== node.id)
        .map((n) => h('option', { text: n.name, attrs: { value: n.id } })),
    );
    this.next.value = target && model.nodes.find((n) => n.id === target)?.kind === 'state' ? target : '';
    const collapse = byId<HTMLButtonElement>('f-collapse');
    collapse.hidden = !node.children?.length && node.hidden === undefined;
    collapse.textContent = node.hidden === undefined ? 'Collapse' : 'Expand';
    const keys = ['Comment', ...(FIELDS_FOR[node.type ?? ''] ?? [])];
    for (const k of Object.keys(node.fields ?? {})) if (!keys.includes(k)) keys.push(k);
    this.fields.replaceChildren(...keys.filter((k) => (FORM_FIELDS as readonly string[]).includes(k)).flatMap((k) => this.field(node, k)));
  }

  private field(node: GraphNode, key: string): HTMLElement[] {
    const value = node.fields?.[key];
    const input = h('input', { attrs: { id: `f-${key}`, type: NUMERIC.has(key) ? 'number' : 'text', spellcheck: 'false' } });
    input.value = value === undefined ? '' : String(value);
    input.addEventListener('change', () => {
      const raw = input.value.trim();
      const v = raw === '' ? undefined : NUMERIC.has(key) && Number.isFinite(Number(raw)) ? Number(raw) : input.value;
      this.send({ op: 'setField', node: node.id, key: key as (typeof FORM_FIELDS)[number], value: v });
    });
    return [h('label', { text: key, attrs: { for: `f-${key}` } }), input];
  }

  // ------------------------------------------------------------------ answers

  result(ok: boolean, message: string | undefined, select: string | undefined): void {
    if (!ok) return this.say(message ?? 'The change could not be made.', 'error');
    // Made: a note (transitions left dangling), or nothing, which also clears an earlier refusal.
    this.say(message, 'note');
    this.pendingSelect = select;
  }

  /** After a new graph: the state an edit asked to select (the new state, the renamed one). */
  takePendingSelection(model: GraphModel): string | undefined {
    const name = this.pendingSelect;
    this.pendingSelect = undefined;
    return name === undefined ? undefined : model.nodes.find((n) => n.kind === 'state' && n.name === name)?.id;
  }
}
