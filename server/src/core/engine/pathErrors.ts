/**
 * How Step Functions words a JSONPath that selects nothing in InputPath, OutputPath and ItemsPath:
 * `Invalid path '<path as written>' : <Jayway's message>`. Step Functions evaluates paths with
 * Jayway JsonPath, whose messages name the path in bracket form (`$['a']['b']`):
 * - a name missing before the last step: `Missing property in path $['a']` (the path up to and
 *   including the missing name);
 * - the last step selects nothing (or an index is out of range anywhere): `No results for path:
 *   $['a']['b']` (the whole path).
 * Sources: recorded AWS executions quoted in issue 11 (`Invalid path '$.no.such.result.path' :
 * Missing property in path $['no']`, `Invalid path '$.NoSuchInputPath' : No results for path:
 * $['NoSuchInputPath']`), and Jayway's PathToken/EvaluationContextImpl, which raise these two
 * messages. A step into a value of the wrong kind (a name on a number) raises a Jayway message
 * that names Java classes; AWS's text for it is not established, so that case keeps our words.
 */
import type { CompiledPath } from './paths';
import { isObject, preview } from './values';

const hasOwn = Object.prototype.hasOwnProperty;

/** `$['a'][0]`: Jayway's rendering of a path's steps. */
export function bracketPath(steps: readonly (string | number)[], upTo = steps.length): string {
  let s = '$';
  for (let i = 0; i < upTo; i++) {
    const k = steps[i];
    s += typeof k === 'string' ? `['${k}']` : `[${k}]`;
  }
  return s;
}

/** AWS's cause for a path (rooted at `$`) that selects nothing in `value`, and our hint. */
export function pathNotFound(p: CompiledPath, value: unknown, field: string): { cause: string; hint: string } {
  const hint = `The ${field} '${p.text}' selects nothing in '${preview(value)}'.`;
  const detail = p.root === 'input' ? jaywayDetail(p, value) : undefined;
  return { cause: `Invalid path '${p.text}' : ${detail ?? `No results for path: ${p.text}`}`, hint };
}

function jaywayDetail(p: CompiledPath, value: unknown): string | undefined {
  const steps = p.steps;
  if (!steps) return undefined;
  let v = value;
  for (let i = 0; i < steps.length; i++) {
    const k = steps[i];
    const last = i === steps.length - 1;
    if (typeof k === 'string') {
      if (!isObject(v)) return undefined;
      if (!hasOwn.call(v, k))
        return last ? `No results for path: ${bracketPath(steps)}` : `Missing property in path ${bracketPath(steps, i + 1)}`;
      v = v[k];
    } else {
      if (!Array.isArray(v)) return undefined;
      const at = k < 0 ? v.length + k : k;
      if (at < 0 || at >= v.length) return `No results for path: ${bracketPath(steps)}`;
      v = v[at];
    }
  }
  return undefined;
}
