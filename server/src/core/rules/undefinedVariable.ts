import type { Scope, StateInfo } from '../model';
import { closest } from '../suggest';
import { analyzeVariables, outerScope, variableNameProblem, type AssignSite, type VariableAnalysis, type VariableRead } from '../variables';
import type { Rule, RuleContext } from './rule';

/**
 * A warning (AWS accepts the definition; the read fails at run time): a `$name` read (in a JSONata expression, a JSONPath path or an intrinsic argument) must be
 * assigned by some Assign on some path before the state, in its scope or an outer one it can see
 * (see variables/flow.ts). The same rule checks the Assign keys themselves (code invalid-value):
 * valid names, and no reuse of an outer scope's name inside a branch or processor.
 */
export const undefinedVariableRule: Rule = {
  id: 'undefined-variable',
  run(ctx) {
    const va = analyzeVariables(ctx.machine);
    for (const read of va.reads) {
      if (!read.alsoFunction && !va.isVisible(read.state, read.name)) reportRead(ctx, va, read);
    }
    for (const site of va.assigns) checkAssign(ctx, va, site);
  },
};

function reportRead(ctx: RuleContext, va: VariableAnalysis, read: VariableRead): void {
  const { name, state } = read;
  const head = `Variable "$${name}" is not assigned before "${state.name}" in any path`;
  const sites = va.assignedBy.get(name) ?? [];
  let message: string;
  let suggestion: string | undefined;

  const behindDistributed = distributedBoundary(state, name, va);
  const own = sites.find((s) => s.state === state);
  const visibleScopes = new Set<Scope>();
  for (let sc: Scope | undefined = state.scope; sc; sc = outerScope(sc)) visibleScopes.add(sc);
  const sameChain = sites.find((s) => visibleScopes.has(s.state.scope) && s.state !== state);
  const inner = sites.find((s) => !visibleScopes.has(s.state.scope));

  if (behindDistributed) {
    message = `Variable "$${name}" cannot be read in "${state.name}": it is assigned outside the Distributed Map "${behindDistributed.name}", and the iterations of a Distributed Map cannot see variables of outer scopes. Pass the value in through the Map's ItemSelector.`;
  } else if (own && !sameChain) {
    message = `${head}: the Assign of "${state.name}" sets it, but new values take effect only from the next state on (a state reads every variable as it was on entry).`;
  } else if (sameChain) {
    message = `${head}: "${sameChain.state.name}" assigns it, but no path from the start passes through "${sameChain.state.name}" before reaching "${state.name}".`;
  } else if (inner) {
    message = `${head}: it is assigned only in ${inner.state.scope.label}, and variables set inside a Parallel branch or Map iteration are not visible outside it. Return the value through Output instead.`;
  } else {
    const candidates = va.visibleAt(state).map((n) => `$${n}`);
    suggestion = closest(`$${name}`, candidates);
    message = `${head}: assign it in an earlier state's Assign.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`;
  }
  // AWS does not trace variables at creation: the definition deploys, and the read fails when the state runs.
  message += ` The definition deploys, but it fails at run time when "${state.name}" is reached.`;
  ctx.report({
    code: 'undefined-variable',
    offset: read.offset,
    length: read.length,
    message,
    data: suggestion ? { suggestion } : undefined,
  });
}

/** The Distributed Map whose boundary hides `name` from `state`, if the name is set beyond it. */
function distributedBoundary(state: StateInfo, name: string, va: VariableAnalysis): StateInfo | undefined {
  for (let s: StateInfo | undefined = state; s; s = s.scope.owner) {
    if (s.scope.distributed && s.scope.owner && va.isVisible(s.scope.owner, name)) return s.scope.owner;
  }
  return undefined;
}

function checkAssign(ctx: RuleContext, va: VariableAnalysis, site: AssignSite): void {
  const problem = variableNameProblem(site.name);
  if (problem) {
    const jsonataDollar = site.state.queryLanguage === 'JSONata' && site.name.endsWith('.$');
    ctx.report({
      code: 'invalid-value',
      node: site.keyNode,
      severity: problem.doubtful ? 'warning' : undefined,
      message: jsonataDollar
        ? `"${site.name}" is not a variable name: in a JSONata state, Assign keys do not end with ".$"; write "${site.name.slice(0, -2)}" and give the value as "{% ... %}".`
        : `Invalid variable name in "Assign" of "${site.state.name}": ${problem.message}`,
    });
    return;
  }
  // AWS: "a variable assigned in an inner scope cannot have the same name as one assigned in an
  // outer scope". A Catch's Assign on a Parallel or Map assigns in that state's own scope.
  for (let outer = outerScope(site.state.scope); outer; outer = outerScope(outer)) {
    const clash = (va.assignedBy.get(site.name) ?? []).find((s) => s.state.scope === outer);
    if (clash) {
      ctx.report({
        code: 'invalid-value',
        node: site.keyNode,
        message: `Variable "${site.name}" is already assigned in ${outer.label} (by "${clash.state.name}"): a Parallel branch or Map iteration cannot assign a variable with the same name as an outer scope. Rename one of them.`,
      });
      return;
    }
  }
}
