import type { QueryLanguage } from '../model';
import { BOOLEAN_OPERATORS, COMPARISON_OPERATORS, fieldsOf, schemaOfKind } from './fields';

export interface LanguageHint {
  /** What to do instead, as the end of a sentence: 'use "Arguments"'. */
  text: string;
  /** The field to use instead, when there is exactly one. */
  replacement?: string;
}

/**
 * What to write instead of `key`, a field of the other query language, in an object of `kind`
 * inside a state using `ql`.
 */
export function languageHint(key: string, kind: string, ql: QueryLanguage): LanguageHint {
  return ql === 'JSONata' ? insteadOfJsonPath(key, kind) : insteadOfJsonata(key, kind);
}

const EXPRESSION = 'with a JSONata expression "{% ... %}"';

function insteadOfJsonPath(key: string, kind: string): LanguageHint {
  const hasArguments = fieldsOf(schemaOfKind(kind, 'JSONata')).includes('Arguments');
  if (key === 'Parameters') {
    if (kind === 'state:Map') return { text: 'use "ItemSelector"', replacement: 'ItemSelector' };
    return hasArguments ? { text: 'use "Arguments"', replacement: 'Arguments' } : { text: 'use "Output"', replacement: 'Output' };
  }
  if (key === 'InputPath') return { text: `read the input as $states.input inside ${hasArguments ? '"Arguments" or ' : ''}"Output"` };
  if (key === 'ResultSelector') return { text: 'use "Output" (the result is $states.result)', replacement: 'Output' };
  if (key === 'ResultPath') {
    return kind === 'catcher'
      ? { text: 'use "Output" (the error is $states.errorOutput)', replacement: 'Output' }
      : { text: 'use "Output" or "Assign" (the result is $states.result)', replacement: 'Output' };
  }
  if (key === 'OutputPath' || key === 'Result') return { text: 'use "Output"', replacement: 'Output' };
  if (key === 'ItemsPath') return { text: `use "Items" ${EXPRESSION}`, replacement: 'Items' };
  if (key === 'Variable' || COMPARISON_OPERATORS.has(key) || (BOOLEAN_OPERATORS as readonly string[]).includes(key)) {
    return { text: 'write the test as "Condition": "{% ... %}"', replacement: 'Condition' };
  }
  if (key.endsWith('.$')) return { text: `use "${key.slice(0, -2)}" ${EXPRESSION}`, replacement: key.slice(0, -2) };
  if (key.endsWith('Path')) return { text: `use "${key.slice(0, -4)}" ${EXPRESSION}`, replacement: key.slice(0, -4) };
  return { text: 'remove it' };
}

function insteadOfJsonata(key: string, kind: string): LanguageHint {
  if (key === 'Arguments') return { text: 'use "Parameters"', replacement: 'Parameters' };
  if (key === 'Items') return { text: 'use "ItemsPath"', replacement: 'ItemsPath' };
  if (key === 'Condition') return { text: 'use "Variable" with a comparison operator such as "StringEquals"', replacement: 'Variable' };
  if (key === 'Output') {
    if (kind === 'catcher') return { text: 'use "ResultPath"', replacement: 'ResultPath' };
    if (kind === 'state:Task' || kind === 'state:Parallel' || kind === 'state:Map')
      return { text: 'use "ResultSelector", "ResultPath" or "OutputPath"' };
    if (kind === 'state:Pass') return { text: 'use "Result", "ResultPath" or "OutputPath"' };
    if (kind.startsWith('state:')) return { text: 'use "OutputPath"', replacement: 'OutputPath' };
  }
  return { text: 'remove it' };
}
