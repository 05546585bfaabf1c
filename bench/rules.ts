/**
 * Where our validation spends its time: parse, model, then each rule alone (runRules with a
 * one-rule array). Every iteration starts from a fresh parse so that a rule that caches per
 * document pays for its cache, and rules run in ALL_RULES order, as in a full run, so a cache
 * shared between rules is charged to the first one that builds it.
 */
import { parseDocument } from '../server/src/core/parse';
import { buildModel } from '../server/src/core/model';
import { runRules } from '../server/src/core/validate';
import { ALL_RULES } from '../server/src/core/rules';
import { collectGarbage, median } from './measure';

export interface PhaseFigure {
  name: string;
  kind: 'phase' | 'rule';
  medianMs: number;
  findings: number;
}

export function timePhases(text: string, iterations: number): PhaseFigure[] {
  const samples = new Map<string, number[]>();
  const findings = new Map<string, number>();
  const add = (name: string, ms: number) => {
    const list = samples.get(name);
    if (list) list.push(ms);
    else samples.set(name, [ms]);
  };
  // Unrecorded rounds first: JIT and lazily compiled validators. No forced collection between
  // rounds (it shrinks the young generation and slows every phase after it); the collection of
  // one round's garbage falls wherever V8 puts it, which the medians smooth out.
  collectGarbage();
  const warmUps = 3;
  for (let i = -warmUps; i < iterations; i++) {
    let start = performance.now();
    const doc = parseDocument(text);
    const parsed = performance.now();
    const machine = buildModel(doc);
    const modelled = performance.now();
    if (i >= 0) {
      add('parse', parsed - start);
      add('model', modelled - parsed);
    }
    for (const rule of ALL_RULES) {
      start = performance.now();
      const found = runRules(doc, machine, {}, [rule]).length;
      if (i >= 0) add(rule.id, performance.now() - start);
      findings.set(rule.id, found);
    }
  }
  const figures: PhaseFigure[] = [];
  for (const [name, list] of samples) {
    const kind = name === 'parse' || name === 'model' ? 'phase' : 'rule';
    figures.push({ name, kind, medianMs: median(list), findings: findings.get(name) ?? 0 });
  }
  return figures;
}
