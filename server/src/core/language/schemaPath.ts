/**
 * The field sets of schema/fields.ts, read for an object at a place of the machine: which fields
 * an object may have and what each value may be. Completion and hover share it.
 */
import type { Machine, QueryLanguage, Scope } from '../model';
import { getScopeSchema, getStateSchema, isStateType, type Schema } from '../schema/fields';
import type { Place, Segment } from './cursor';

function deref(root: Schema, s: Schema | undefined): Schema | undefined {
  const ref = s?.$ref;
  if (typeof ref !== 'string') return s;
  const m = /^#\/\$defs\/(.+)$/.exec(ref);
  const defs = root.$defs as Record<string, Schema> | undefined;
  return m && defs ? defs[m[1]] : undefined;
}

/** The schema reached from `root` by a path of property names and array indexes. */
export function schemaAtPath(root: Schema, path: readonly Segment[]): Schema | undefined {
  let s: Schema | undefined = root;
  for (const seg of path) {
    s = deref(root, s);
    if (!s) return undefined;
    if (typeof seg === 'number') s = s.items as Schema | undefined;
    else {
      const props = s.properties as Record<string, Schema> | undefined;
      s = props && Object.prototype.hasOwnProperty.call(props, seg) ? props[seg] : undefined;
    }
  }
  return deref(root, s);
}

/** The query language of a scope's own fields: the machine's, or that of the Parallel or Map holding it. */
export function scopeLanguage(machine: Machine, scope: Scope): QueryLanguage {
  return scope.owner?.queryLanguage ?? machine.queryLanguage;
}

/** The root schema of a place (the state's or the scope's) and its query language. */
export function placeRoot(machine: Machine, place: Place): { root: Schema; ql: QueryLanguage } | undefined {
  if (place.kind === 'scope') return { root: getScopeSchema(place.scope.kind), ql: scopeLanguage(machine, place.scope) };
  if (place.kind === 'state' && isStateType(place.state.type)) {
    return { root: getStateSchema(place.state.type, place.state.queryLanguage), ql: place.state.queryLanguage };
  }
  return undefined;
}

/** The schema of the object at a place, and the word field docs are keyed by ('state', 'catcher', 'machine'...). */
export function objectSchemaAt(machine: Machine, place: Place): { schema: Schema; docKind: string; ql: QueryLanguage } | undefined {
  const r = placeRoot(machine, place);
  if (!r || place.kind === 'states' || place.kind === 'other') return undefined;
  const schema = schemaAtPath(r.root, place.path);
  if (!schema) return undefined;
  return { schema, docKind: docKind(schema), ql: r.ql };
}

function docKind(schema: Schema): string {
  const kind = String(schema['x-kind'] ?? '');
  if (kind.startsWith('state:')) return 'state';
  if (kind.startsWith('scope:')) return kind.slice(6);
  if (kind === 'nestedRule') return 'choiceRule';
  return kind;
}

/** The property schemas of an object schema (none for free-form payloads). */
export function propertiesOf(schema: Schema | undefined): Record<string, Schema> {
  const p = schema?.properties;
  return p && typeof p === 'object' ? (p as Record<string, Schema>) : {};
}
