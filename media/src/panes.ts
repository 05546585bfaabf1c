/**
 * The panel's two resizable, collapsible panes: the sidebar (dry run, the selected state's form)
 * and the events table. Dragging a splitter resizes (arrow keys too, when it has focus); the
 * toolbar buttons collapse and restore. Sizes are kept in the page's state. The graph refits
 * itself through its own ResizeObserver (graphView.ts), so nothing slides under a pane.
 */
import { byId } from './dom';

export interface PaneSizes {
  side: number;
  sideHidden: boolean;
  history: number;
  historyCollapsed: boolean;
}

const MIN_SIDE = 180;
const MIN_HISTORY = 60;
/** Neither pane may take more than this share of the window. */
const MAX_SHARE = 0.75;
const KEY_STEP = 24;
export const DEFAULT_PANES: PaneSizes = { side: 320, sideHidden: false, history: 220, historyCollapsed: false };

export function readPanes(v: unknown): PaneSizes {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  const num = (x: unknown, d: number): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : d);
  return {
    side: num(o.side, DEFAULT_PANES.side),
    sideHidden: o.sideHidden === true,
    history: num(o.history, DEFAULT_PANES.history),
    historyCollapsed: o.historyCollapsed === true,
  };
}

export class Panes {
  private readonly side = byId<HTMLElement>('side');
  private readonly sideSplit = byId<HTMLElement>('side-split');
  private readonly history = byId<HTMLElement>('history');
  private readonly historySplit = byId<HTMLElement>('history-split');
  private readonly sideButton = byId<HTMLButtonElement>('toggle-side');
  private readonly historyButton = byId<HTMLButtonElement>('toggle-history');

  constructor(
    private sizes: PaneSizes,
    private readonly onChange: (sizes: PaneSizes) => void,
  ) {
    this.drag(
      this.sideSplit,
      'x',
      () => this.sizes.side,
      (v) => (this.sizes.side = v),
    );
    this.drag(
      this.historySplit,
      'y',
      () => this.sizes.history,
      (v) => (this.sizes.history = v),
    );
    this.sideButton.addEventListener('click', () => {
      this.sizes.sideHidden = !this.sizes.sideHidden;
      this.apply();
    });
    this.historyButton.addEventListener('click', () => {
      this.sizes.historyCollapsed = !this.sizes.historyCollapsed;
      this.apply();
    });
    this.apply();
  }

  /** Shows the sidebar if it is collapsed (a state was chosen for its form, a run was asked for). */
  showSide(): void {
    if (!this.sizes.sideHidden) return;
    this.sizes.sideHidden = false;
    this.apply();
  }

  private apply(): void {
    const s = this.sizes;
    const maxW = window.innerWidth * MAX_SHARE;
    const maxH = window.innerHeight * MAX_SHARE;
    s.side = Math.round(Math.min(Math.max(s.side, MIN_SIDE), Math.max(MIN_SIDE, maxW)));
    s.history = Math.round(Math.min(Math.max(s.history, MIN_HISTORY), Math.max(MIN_HISTORY, maxH)));
    // CSSOM, not style attributes: the page's CSP admits no inline styles.
    this.side.style.width = `${s.side}px`;
    this.side.hidden = s.sideHidden;
    this.sideSplit.hidden = s.sideHidden;
    this.sideButton.setAttribute('aria-pressed', String(!s.sideHidden));
    this.sideButton.title = s.sideHidden ? 'Show the sidebar' : 'Hide the sidebar';
    this.history.classList.toggle('collapsed', s.historyCollapsed);
    this.history.style.height = s.historyCollapsed ? '' : `${s.history}px`;
    this.historyButton.textContent = s.historyCollapsed ? '▴' : '▾';
    this.historyButton.title = s.historyCollapsed ? 'Show the events' : 'Collapse the events';
    this.historyButton.setAttribute('aria-expanded', String(!s.historyCollapsed));
    this.onChange({ ...s });
  }

  private drag(handle: HTMLElement, axis: 'x' | 'y', get: () => number, set: (v: number) => void): void {
    let start: { at: number; size: number; id: number } | undefined;
    handle.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      handle.setPointerCapture(e.pointerId);
      start = { at: axis === 'x' ? e.clientX : e.clientY, size: get(), id: e.pointerId };
      handle.classList.add('dragging');
    });
    handle.addEventListener('pointermove', (e) => {
      if (!start || e.pointerId !== start.id) return;
      // The panes sit right of and below the graph: dragging left or up makes them larger.
      set(start.size - ((axis === 'x' ? e.clientX : e.clientY) - start.at));
      this.apply();
    });
    const end = (): void => {
      start = undefined;
      handle.classList.remove('dragging');
    };
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
    handle.addEventListener('keydown', (e) => {
      const grow = axis === 'x' ? e.key === 'ArrowLeft' : e.key === 'ArrowUp';
      const shrink = axis === 'x' ? e.key === 'ArrowRight' : e.key === 'ArrowDown';
      if (!grow && !shrink) return;
      e.preventDefault();
      set(get() + (grow ? KEY_STEP : -KEY_STEP));
      this.apply();
    });
  }
}
