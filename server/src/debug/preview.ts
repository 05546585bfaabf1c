/**
 * The first data-flow steps of the state a run stopped before, computed the way the state will
 * compute them (JSONPath: InputPath, then Parameters), so the Variables view shows them before
 * the state runs. A preview draws from its own random source: States.UUID and
 * States.MathRandom show other values than the run will get, and the run's draws stay the same.
 * JSONata states' Arguments are not previewed (they are seen in the next state's data flow).
 */
import type { DebugFrame } from '../core/engine/debug';
import type { CScope, CState, PreparedMachine } from '../core/engine/machine';
import { NOTHING } from '../core/engine/paths';
import { seededRandom } from '../core/engine/random';
import { evalTemplate } from '../core/engine/template';

/** The preview's own seed (not the run's). */
const PREVIEW_SEED = 0x68e31da4;
const hasOwn = Object.prototype.hasOwnProperty;

/** The compiled state a frame names: the scope labels lead through branches and processors. */
export function compiledState(machine: PreparedMachine, scope: readonly string[], name: string): CState | undefined {
  let sc: CScope | undefined = machine.root;
  for (let i = 0; i + 1 < scope.length && sc; i += 2) {
    const owner: CState | undefined = sc.states.get(scope[i]);
    const branch = /^branch (\d+)$/.exec(scope[i + 1]);
    sc = branch ? owner?.branches?.[Number(branch[1])] : owner?.map?.processor;
  }
  return sc?.states.get(name);
}

export function previewDataFlow(machine: PreparedMachine, frame: DebugFrame): Record<string, unknown> | undefined {
  const st = compiledState(machine, frame.scope, frame.stateName);
  if (!st || st.jsonata || frame.error) return undefined;
  const env = {
    context: () => frame.context(),
    variable: (n: string) => (hasOwn.call(frame.variables, n) ? frame.variables[n] : NOTHING),
    rng: seededRandom(PREVIEW_SEED),
  };
  const out: Record<string, unknown> = {};
  let eff = frame.input;
  try {
    if (st.inputPath === null) eff = {};
    else if (st.inputPath !== undefined) {
      const v = st.inputPath.select(frame.input, env);
      if (v === NOTHING) return { afterInputPath: `<InputPath ${st.inputPath.text} selects nothing: the state will fail>` };
      eff = v;
    }
    if (st.inputPath !== undefined) out.afterInputPath = eff;
    if (st.parameters !== undefined) out.afterParameters = evalTemplate(st.parameters, eff, env);
  } catch (e) {
    out.failure = `<${(e as Error).message}: the state will fail>`;
  }
  return Object.keys(out).length ? out : undefined;
}
