/**
 * The one tree every reader uses: the compact array tree of `fastParse.ts`, addressed by node
 * index (-1 = no node), through a small named API on `Tree`:
 *
 * - `kindOf(i)`: 'object' | 'array' | 'property' | 'string' | 'number' | 'boolean' | 'null'
 * - `children(i)`: an object's properties, an array's items, a property's key and value
 * - `property(obj, key)` (the property node) and `get(obj, key)` (its value node)
 * - `keyNode(prop)`, `keyText(prop)`, `valueNode(prop)`
 * - `string(i)`, `number(i)`, `boolean(i)`, `scalar(i)`
 * - `range(i)` ({offset, length} in the source text), `parentOf(i)`
 *
 * Hot paths may loop over the arrays directly (`kind`, `offset`, `length`, `parent`, `end`,
 * `values`): node i's subtree is i .. end[i] - 1. Each syntax (JSON, YAML, a definition inside a
 * template) is a front-end that fills a Tree; offsets are always the host text's.
 *
 * New code reads the tree only through this module; `tree.node(i)` (jsonc-parser-shaped views)
 * is being retired.
 */
export { Tree, OBJECT, ARRAY, PROPERTY, STRING, NUMBER, BOOLEAN, NULL, type NodeKind } from './fastParse';
