/**
 * Static checks of a parsed intrinsic call: known name, argument count, and the kinds of the
 * arguments that can be known before run time (literals and nested calls; a path can hold
 * anything). Sources: spec Appendix B and the developer guide's "Input validation" notes.
 */
import { closest } from '../suggest';
import type { IntrinsicArg, IntrinsicCall, IntrinsicIssue } from './ast';
import {
  HASH_ALGORITHMS,
  INTRINSICS,
  type IntrinsicParam,
  type IntrinsicSignature,
  maxArgs,
  minArgs,
  signatureLabel,
  type ValueType,
} from './signatures';

/** "You can nest up to 10 intrinsic functions within a field" (developer guide). */
export const MAX_NESTING = 10;

/** States.MathAdd: "integer values in the range of -2147483648 and 2147483647" (developer guide). */
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

type Kind = ValueType | 'null';

/** Every problem in the call and its nested calls, in text order of discovery. `text` is the parsed string. */
export function checkIntrinsic(call: IntrinsicCall, text: string): IntrinsicIssue[] {
  const issues: IntrinsicIssue[] = [];
  checkCall(call, text, 1, issues);
  return issues;
}

function checkCall(call: IntrinsicCall, text: string, depth: number, issues: IntrinsicIssue[]): void {
  if (depth === MAX_NESTING + 1) {
    issues.push({
      offset: call.nameStart,
      length: call.nameEnd - call.nameStart,
      message: `intrinsic functions can be nested at most ${MAX_NESTING} deep`,
    });
  }
  const sig = INTRINSICS.get(call.name);
  if (!sig) {
    const suggestion = suggestName(call.name);
    const hint = suggestion
      ? ` Did you mean "${suggestion}"?`
      : /^states\./i.test(call.name)
        ? ` The intrinsic functions are ${SHORT_NAMES.map((n) => `States.${n}`).join(', ')}.`
        : ' Intrinsic function names start with "States.", e.g. States.Format.';
    const issue: IntrinsicIssue = {
      offset: call.nameStart,
      length: call.nameEnd - call.nameStart,
      message: `unknown intrinsic function "${call.name}".${hint}`,
    };
    if (suggestion) issue.suggestion = suggestion;
    issues.push(issue);
  } else {
    checkArity(call, sig, issues);
    const n = Math.min(call.args.length, maxArgs(sig));
    for (let i = 0; i < n; i++) {
      const param = i < sig.params.length ? sig.params[i] : sig.rest!;
      checkArgument(call, sig, param, i, text, issues);
    }
    checkWholeCall(call, sig, issues);
  }
  for (const arg of call.args) if (arg.type === 'call') checkCall(arg, text, depth + 1, issues);
}

const SHORT_NAMES = [...INTRINSICS.keys()].map((n) => n.slice('States.'.length));

/** The closest known name, comparing the part after "States." so that the prefix does not make distant names look close. */
function suggestName(name: string): string | undefined {
  const short = name.replace(/^states\./i, '');
  // The right name with a missing prefix or the wrong case ("Format", "states.uuid").
  const same = SHORT_NAMES.find((n) => n.toLowerCase() === short.toLowerCase());
  if (same !== undefined) return `States.${same}`;
  const found = closest(short, SHORT_NAMES);
  return found === undefined ? undefined : `States.${found}`;
}

function checkArity(call: IntrinsicCall, sig: IntrinsicSignature, issues: IntrinsicIssue[]): void {
  const count = call.args.length;
  const min = minArgs(sig);
  const max = maxArgs(sig);
  if (count >= min && count <= max) return;
  const expected =
    max === Infinity
      ? `at least ${plural(min, 'argument')}`
      : max === 0
        ? 'no arguments'
        : min === max
          ? plural(min, 'argument')
          : `${min} or ${max} arguments`;
  const message = `${signatureLabel(sig)} takes ${expected}, but ${count === 0 ? 'none were' : count === 1 ? '1 was' : `${count} were`} given`;
  if (count > max) {
    const first = call.args[max];
    const last = call.args[count - 1];
    issues.push({ offset: first.start, length: last.end - first.start, message });
  } else {
    issues.push({ offset: call.start, length: call.end - call.start, message });
  }
}

function checkArgument(
  call: IntrinsicCall,
  sig: IntrinsicSignature,
  param: IntrinsicParam,
  index: number,
  text: string,
  issues: IntrinsicIssue[],
): void {
  const arg = call.args[index];
  const where = `${sig.name} argument ${index + 1} (${param.name})`;
  const at = (message: string, severity?: 'warning'): void => {
    const issue: IntrinsicIssue = { offset: arg.start, length: arg.end - arg.start, message };
    if (severity) issue.severity = severity;
    issues.push(issue);
  };
  if (param.pathOnly) {
    if (arg.type !== 'path') at(`${where} must be a path to the value, e.g. $.data; got ${describeArg(arg)}`);
    return;
  }
  if (arg.type === 'path') return; // known only at run time
  const actual: Kind = arg.type === 'call' ? (INTRINSICS.get(arg.name)?.returns ?? 'any') : literalKind(arg);
  if (!compatible(param.type, actual)) {
    const literalArray = arg.type !== 'call' && (param.type === 'array' || param.type === 'object');
    const fix = literalArray
      ? `; pass a path such as $.items or a call such as ${param.type === 'array' ? 'States.Array(...)' : 'States.StringToJson(...)'}`
      : '';
    at(`${where} must be ${label(param.type)}, but ${arg.type === 'call' ? `${arg.name}(...) returns` : 'got'} ${label(actual)}${fix}`);
    return;
  }
  // Literal values that are the right kind but out of bounds.
  if (arg.type === 'number') {
    if (sig.name === 'States.ArrayPartition' && index === 1 && arg.value <= 0) at(`${where} must be a positive integer`);
    else if (sig.name === 'States.ArrayRange' && index === 2 && Math.round(arg.value) === 0) at(`${where} must not be zero`);
    else if (sig.name === 'States.ArrayGetItem' && index === 1 && arg.value < 0) at(`${where} must be 0 or more`);
    else if (sig.name === 'States.MathAdd' && (arg.value < INT32_MIN || arg.value > INT32_MAX)) {
      at(`${where} must be between ${INT32_MIN} and ${INT32_MAX}`);
    }
  } else if (arg.type === 'string') {
    if (sig.name === 'States.Hash' && index === 1 && !HASH_ALGORITHMS.includes(arg.value)) {
      const suggestion = closest(arg.value, HASH_ALGORITHMS);
      const issue: IntrinsicIssue = {
        offset: arg.start,
        length: arg.end - arg.start,
        message: `"${arg.value}" is not a hash algorithm States.Hash supports: use one of ${HASH_ALGORITHMS.join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
      };
      if (suggestion) issue.suggestion = `'${suggestion}'`;
      issues.push(issue);
    } else if ((sig.name === 'States.Base64Encode' || sig.name === 'States.Base64Decode') && arg.value.length > 10000) {
      at(`${where} can be at most 10,000 characters long`);
    } else if (sig.name === 'States.Base64Decode' && !/^[A-Za-z0-9+/]*={0,2}$/.test(arg.value)) {
      at(`${where} is not valid Base64 text`);
    } else if (sig.name === 'States.Format' && index === 0) {
      checkTemplate(call, arg, text, issues);
    }
  } else if (arg.type === 'boolean' && sig.name === 'States.JsonMerge' && arg.value) {
    at(`${where} must be false: Step Functions supports only shallow merges`);
  }
}

/** The `{}` placeholders of a literal States.Format template against the arguments after it. */
function checkTemplate(call: IntrinsicCall, arg: IntrinsicArg, text: string, issues: IntrinsicIssue[]): void {
  let count = 0;
  for (let i = arg.start + 1; i < arg.end - 1; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (c === '{') {
      if (text[i + 1] === '}') {
        count++;
        i++;
      } else {
        issues.push({
          offset: i,
          length: 1,
          message: "a '{' in a States.Format template must be part of '{}'; write \\{ for a literal brace",
        });
      }
    } else if (c === '}') {
      issues.push({
        offset: i,
        length: 1,
        message: "a '}' in a States.Format template must be part of '{}'; write \\} for a literal brace",
      });
    }
  }
  const values = call.args.length - 1;
  if (count !== values) {
    issues.push({
      offset: arg.start,
      length: arg.end - arg.start,
      message: `the States.Format template has ${plural(count, "'{}' placeholder")} but ${values === 0 ? 'no value follows' : values === 1 ? '1 value follows' : `${values} values follow`} it; each '{}' takes the next argument`,
    });
  }
}

/** Checks that need several literal arguments at once. */
function checkWholeCall(call: IntrinsicCall, sig: IntrinsicSignature, issues: IntrinsicIssue[]): void {
  if (sig.name === 'States.ArrayRange' && call.args.length === 3) {
    const [a, b, c] = call.args;
    if (a.type === 'number' && b.type === 'number' && c.type === 'number' && Math.round(c.value) !== 0) {
      const size = Math.floor((Math.round(b.value) - Math.round(a.value)) / Math.round(c.value)) + 1;
      if (size > 1000) {
        issues.push({
          offset: call.start,
          length: call.end - call.start,
          message: `States.ArrayRange can make at most 1000 items, but this range has ${size}`,
        });
      }
    }
  }
}

function literalKind(arg: Exclude<IntrinsicArg, { type: 'path' } | IntrinsicCall>): Kind {
  switch (arg.type) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(arg.value) ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
  }
}

function compatible(expected: ValueType, actual: Kind): boolean {
  if (expected === 'any' || actual === 'any' || expected === actual) return true;
  // "If you specify a non-integer value ... Step Functions will round it off" (developer guide).
  if ((expected === 'integer' && actual === 'number') || (expected === 'number' && actual === 'integer')) return true;
  if (expected === 'scalar')
    return actual === 'string' || actual === 'integer' || actual === 'number' || actual === 'boolean' || actual === 'null';
  return false;
}

function label(kind: Kind): string {
  switch (kind) {
    case 'any':
      return 'any value';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'array':
      return 'an array';
    case 'object':
      return 'a JSON object';
    case 'scalar':
      return 'a string, number, boolean or null (not an array or object)';
    case 'null':
      return 'null';
  }
}

function describeArg(arg: IntrinsicArg): string {
  return arg.type === 'call' ? `a call to ${arg.name}` : arg.type === 'null' ? 'null' : `a ${arg.type}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
