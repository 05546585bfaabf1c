import type { Machine, Scope, Transition } from '../model';
import { closest } from '../suggest';
import type { Rule, RuleContext } from './rule';

/** StartAt, Next, Default, Choice and Catch targets must name a state of the same scope. */
export const unknownStateRule: Rule = {
  id: 'unknown-state',
  run(ctx) {
    const { machine } = ctx;
    for (const scope of machine.scopes) {
      if (scope.startAt) check(ctx, machine, scope, scope.startAt);
      for (const state of scope.stateList) {
        for (const t of state.transitions) check(ctx, machine, scope, t);
      }
    }
  },
};

function check(ctx: RuleContext, machine: Machine, scope: Scope, t: Transition): void {
  if (scope.states.has(t.target)) return;
  if (ctx.doc.placeholders && t.target.includes('${')) return;
  const where =
    t.kind === 'StartAt'
      ? `"StartAt" of ${scope.label}`
      : `"${t.kind === 'Choice' || t.kind === 'Catch' ? 'Next' : t.kind}" of "${t.from?.name}"`;
  const elsewhere = machine.byName.get(t.target)?.[0];
  if (elsewhere) {
    ctx.report({
      code: 'unknown-state',
      node: t.node,
      message: `${where} names "${t.target}", which is defined in ${elsewhere.scope.label}, not in ${scope.label}. A transition cannot cross into or out of a Parallel branch or a Map processor.`,
    });
    return;
  }
  const suggestion = closest(t.target, scope.states.keys());
  const names = [...scope.states.keys()];
  const hint = suggestion
    ? ` Did you mean "${suggestion}"?`
    : names.length > 0 && names.length <= 8
      ? ` States here: ${names.map((n) => `"${n}"`).join(', ')}.`
      : '';
  ctx.report({
    code: 'unknown-state',
    node: t.node,
    message: `${where} names "${t.target}", but no state of that name exists in ${scope.label}.${hint}`,
    data: suggestion ? { suggestion } : undefined,
  });
}
