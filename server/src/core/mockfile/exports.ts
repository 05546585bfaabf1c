/**
 * The names a JavaScript module exports, read from its text without running it: what
 * LocalHandlers' `#export` may name. ES modules (`export function f`, `export const f`,
 * `export { a, b as c }`) and CommonJS (`exports.f =`, `module.exports.f =`,
 * `module.exports = { f, g: ..., h() {} }`). Undefined when the module's exports cannot be read
 * from the text (`module.exports = makeHandlers()`, or an `export default`, whose object the runner also looks in): the check then says nothing.
 */
const ES_DECLARATION = /^\s*export\s+(?:async\s+)?(?:function\s*\*?|const|let|var|class)\s+([A-Za-z_$][\w$]*)/gm;
const ES_LIST = /^\s*export\s*\{([^}]*)\}/gm;
const ES_DEFAULT = /^\s*export\s+default\b/m;
const CJS_MEMBER = /\b(?:module\.)?exports\.([A-Za-z_$][\w$]*)\s*=/g;
const CJS_OBJECT = /\bmodule\.exports\s*=\s*\{([^}]*)\}/;
const CJS_ANY = /\bmodule\.exports\s*=/;
const OBJECT_KEY = /(?:^|,)\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*(?=[,:(]|$)/g;

export function moduleExports(source: string): string[] | undefined {
  const names = new Set<string>();
  for (const m of source.matchAll(ES_DECLARATION)) names.add(m[1]);
  for (const m of source.matchAll(ES_LIST)) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.add(name);
    }
  }
  // The worker also looks inside a default export that is an object: what it holds is not read here.
  if (ES_DEFAULT.test(source)) return undefined;
  for (const m of source.matchAll(CJS_MEMBER)) names.add(m[1]);
  const object = CJS_OBJECT.exec(source);
  if (object) for (const m of object[1].matchAll(OBJECT_KEY)) names.add(m[1]);
  else if (CJS_ANY.test(source) && !/\bmodule\.exports\s*=\s*exports\b/.test(source)) return undefined;
  return [...names];
}
