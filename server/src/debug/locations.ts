/**
 * Where states are in the file: a run's (scope, name) to the state's definition, and a line to
 * the state a breakpoint there means. Lines and columns are 1-based here (DAP's default).
 */
import type { Analysis } from '../core';
import type { Machine, Scope, StateInfo } from '../core/model';
import type { Position } from '../core/types';

export interface StateLocation {
  state: StateInfo;
  /** The line of the state's name, and the column where the name starts. */
  line: number;
  column: number;
  /** The line where the state's definition ends. */
  endLine: number;
}

export class Locations {
  private readonly byState = new Map<StateInfo, StateLocation>();
  private readonly all: StateLocation[] = [];

  /** `position`: where an offset of the analysis is in the file the breakpoints are set in. */
  constructor(
    private readonly analysis: Analysis,
    private readonly position: (offset: number) => Position = (o) => analysis.doc.lines.positionAt(o),
  ) {
    const { doc, machine } = analysis;
    const tree = doc.tree;
    if (!tree) return;
    for (const st of machine.states) {
      const start = tree.range(st.keyNode >= 0 ? st.keyNode : st.index);
      const value = tree.range(st.index);
      const at = position(start.offset);
      const end = position(value.offset + Math.max(0, value.length - 1));
      const loc = { state: st, line: at.line + 1, column: at.character + 1, endLine: end.line + 1 };
      this.byState.set(st, loc);
      this.all.push(loc);
    }
  }

  get machine(): Machine {
    return this.analysis.machine;
  }

  /** The state a run names: its scope labels ([Parallel, "branch 1", Map, "iteration 3"]) lead the way. */
  find(scope: readonly string[], name: string): StateLocation | undefined {
    let sc: Scope | undefined = this.machine.root;
    for (let i = 0; i + 1 < scope.length && sc; i += 2) {
      const owner = sc.states.get(scope[i]);
      const label = scope[i + 1];
      const branch = /^branch (\d+)$/.exec(label);
      sc = owner ? owner.children[branch ? Number(branch[1]) : 0] : undefined;
    }
    const st = sc?.states.get(name);
    return st ? this.byState.get(st) : undefined;
  }

  of(state: StateInfo): StateLocation | undefined {
    return this.byState.get(state);
  }

  /** The innermost state whose definition spans the line (its name's line to its closing brace). */
  stateAtLine(line: number): StateLocation | undefined {
    let best: StateLocation | undefined;
    for (const l of this.all) {
      if (line >= l.line && line <= l.endLine && (!best || l.line >= best.line)) best = l;
    }
    return best;
  }

  /** The line of the top-level StartAt (the execution's frame), or 1. */
  startLine(): number {
    const tree = this.analysis.doc.tree;
    const root = this.machine.root;
    if (!tree || !root) return 1;
    const p = tree.property(root.nodeIndex, 'StartAt');
    return p >= 0 ? this.position(tree.range(p).offset).line + 1 : 1;
  }
}
