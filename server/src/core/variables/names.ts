/**
 * Variable names. AWS ("Passing data between states with variables", Variable name syntax):
 * "Variable names follow the rules for Unicode Identifiers as described in Unicode Standard Annex
 * #31. The first character of a variable name must be a Unicode ID_Start character, and the second
 * and subsequent characters must be Unicode ID_Continue characters. The maximum length of a
 * variable name is 80." `$states` is the one reserved variable, and "you cannot assign a value to
 * a part of a variable" (`x.y`, `x[2]`).
 */

const IDENTIFIER = /^\p{ID_Start}\p{ID_Continue}*$/u;
const REST = /^\p{ID_Continue}*$/u;
export const MAX_VARIABLE_NAME_LENGTH = 80;

export interface NameProblem {
  message: string;
  /** A doubtful case (a leading underscore) rather than a certain error. */
  doubtful?: boolean;
}

/** What is wrong with a variable name written as an Assign key, or undefined when it is valid. */
export function variableNameProblem(name: string): NameProblem | undefined {
  if (name === '') return { message: 'A variable name cannot be empty.' };
  if (name === 'states') return { message: '"states" is reserved: Step Functions sets "$states" itself. Choose another name.' };
  const length = name.length <= MAX_VARIABLE_NAME_LENGTH ? name.length : [...name].length;
  if (length > MAX_VARIABLE_NAME_LENGTH)
    return { message: `A variable name is at most ${MAX_VARIABLE_NAME_LENGTH} characters; "${name.slice(0, 20)}…" has ${length}.` };
  if (IDENTIFIER.test(name)) return undefined;
  if (/[.[\]]/.test(name)) {
    return {
      message: `"${name}" is not a variable name: you cannot assign a part of a variable ("x.y" or "x[2]"). Assign the whole value to a variable instead.`,
    };
  }
  if (name.startsWith('_') && REST.test(name.slice(1))) {
    return {
      doubtful: true,
      message: `"${name}" starts with "_": AWS documents that a variable name starts with a letter (a Unicode ID_Start character), so Step Functions may reject it.`,
    };
  }
  const first = String.fromCodePoint(name.codePointAt(0)!);
  if (!/^\p{ID_Start}$/u.test(first)) {
    return { message: `"${name}" is not a variable name: it must start with a letter (a Unicode ID_Start character), not "${first}".` };
  }
  const bad = [...name].find((ch) => !/^\p{ID_Continue}$/u.test(ch));
  return { message: `"${name}" is not a variable name: "${bad}" is not allowed; use letters, digits and "_".` };
}

/** The name a JSONPath-mode string reads at `i` (just after `$`), or undefined. */
const NAME_AT = /[\p{ID_Start}_]\p{ID_Continue}*/uy;
export function nameAt(text: string, i: number): string | undefined {
  NAME_AT.lastIndex = i;
  const m = NAME_AT.exec(text);
  return m ? m[0] : undefined;
}
