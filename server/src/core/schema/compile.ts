import Ajv, { type ValidateFunction } from 'ajv';
import type { QueryLanguage } from '../model';
import { getScopeSchema, getStateSchema, type ScopeSchemaKind, type StateType } from './fields';

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (!ajv) {
    // verbose: errors carry their schema, so messages can read `description` and `x-*` notes.
    ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, logger: false });
    ajv.addVocabulary(['x-kind', 'x-ql', 'x-expr']);
  }
  return ajv;
}

function compiled(key: string, schema: () => Record<string, unknown>): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = instance().compile(schema());
    validators.set(key, v);
  }
  return v;
}

/** The validator of one state type in one query language, compiled on first use. */
export function stateValidator(type: StateType, ql: QueryLanguage): ValidateFunction {
  return compiled(`state:${type}|${ql}`, () => getStateSchema(type, ql));
}

/** The validator of a scope object: the machine itself, a Parallel branch or a Map processor. */
export function scopeValidator(kind: ScopeSchemaKind): ValidateFunction {
  return compiled(`scope:${kind}`, () => getScopeSchema(kind));
}
