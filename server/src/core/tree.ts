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
 * Every reader (model, rules, schema, language features, graph, engine, mock files) reads the tree
 * only through this API; there are no node objects. A parsed document's root is node 0
 * (`doc.tree`), the model's states and scopes carry the tree with their indices (`state.tree`,
 * `state.index`, `state.keyNode`; `scope.nodeIndex`, `scope.statesIndex`), and findings point at
 * a node by index (`ctx.report({ node: i })`). jsonc-parser remains only as the tolerant parser
 * that fills the arrays for text with errors, and for its error codes.
 */
export { Tree, OBJECT, ARRAY, PROPERTY, STRING, NUMBER, BOOLEAN, NULL, type NodeKind } from './fastParse';
