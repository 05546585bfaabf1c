/**
 * Choice. The first rule that holds picks the next state, else Default, else the state fails with
 * States.NoChoiceMatched. The state-level Assign applies whichever rule matched; the matched
 * rule's Assign (and, in JSONata, its Output) applies on top. JSONPath: rules read the input
 * after InputPath, and the output is that input after OutputPath. JSONata: each Condition must
 * give a boolean; the output is the rule's Output, else the state's Output, else the input.
 */
import { E, StatesError } from '../errors';
import { evalJsonata } from '../jsonataEval';
import type { CChoiceRule, CState } from '../machine';
import type { Strand } from '../strand';
import { preview } from '../values';
import { applyInputPath, applyOutputPath, checkSize, enter, evalAssign, evalJsonataAssign, exit, located, Scope } from './common';

function noMatch(eff: unknown): StatesError {
  return new StatesError(E.NoChoiceMatched, `No Choice Rule matched the input '${preview(eff)}' and the Choice state has no Default.`);
}

export function choiceJsonPath(s: Strand, st: CState, input: unknown): void {
  enter(s, st, input);
  let out: unknown;
  let next: CState | undefined;
  let assigned: Record<string, unknown> | undefined;
  let matched: number | 'Default' = 'Default';
  try {
    const eff = applyInputPath(s, st, input);
    let rule: CChoiceRule | undefined;
    const rules = st.choices!;
    for (let i = 0; i < rules.length; i++) {
      if (rules[i].test!(eff, s)) {
        rule = rules[i];
        matched = i;
        break;
      }
    }
    next = rule ? rule.next : st.defaultNext;
    if (next === undefined) throw noMatch(eff);
    assigned = evalAssign(s, st.assign, eff);
    const ruleAssigned = rule ? evalAssign(s, rule.assign, eff) : undefined;
    if (ruleAssigned) assigned = assigned ? { ...assigned, ...ruleAssigned } : ruleAssigned;
    out = applyOutputPath(s, st, eff);
    checkSize(s, st, out, 'output');
  } catch (e) {
    throw located(s, st, e);
  }
  exit(s, st, out, next, assigned, undefined, matched);
}

export async function choiceJsonata(s: Strand, st: CState, input: unknown): Promise<void> {
  enter(s, st, input);
  let out: unknown;
  let next: CState | undefined;
  let assigned: Record<string, unknown> | undefined;
  let matched: number | 'Default' = 'Default';
  try {
    const scope = new Scope(s, st, input);
    let rule: CChoiceRule | undefined;
    const rules = st.choices!;
    for (let i = 0; i < rules.length; i++) {
      const v = await evalJsonata(rules[i].condition!, scope);
      if (typeof v !== 'boolean') {
        throw new StatesError(
          E.QueryEvaluationError,
          `The Condition of a Choice rule must give a boolean, but it gives ${preview(v, 80)}.`,
        );
      }
      if (v) {
        rule = rules[i];
        matched = i;
        break;
      }
    }
    next = rule ? rule.next : st.defaultNext;
    if (next === undefined) throw noMatch(input);
    assigned = await evalJsonataAssign(st.jsonataAssign, scope);
    const ruleAssigned = rule ? await evalJsonataAssign(rule.jsonataAssign, scope) : undefined;
    if (ruleAssigned) assigned = assigned ? { ...assigned, ...ruleAssigned } : ruleAssigned;
    const output = rule?.output ?? st.output;
    out = output ? await evalJsonata(output, scope) : input;
    checkSize(s, st, out, 'output');
  } catch (e) {
    throw located(s, st, e);
  }
  exit(s, st, out, next, assigned, undefined, matched);
}
