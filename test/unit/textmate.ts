/** Loading a TextMate grammar of syntaxes/ through vscode-textmate and oniguruma, as VS Code tokenizes. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import { Registry, parseRawGrammar, type IGrammar } from 'vscode-textmate';

/** The repository root, found upwards from this file (compiled and bundled tests live at different depths). */
export function repoRoot(): string {
  const marker = join('syntaxes', 'asl.tmLanguage.json');
  let dir = __dirname;
  while (!existsSync(join(dir, marker))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`${marker} not found above ${__dirname}`);
    dir = up;
  }
  return dir;
}

/** The grammar of syntaxes/`file`, whose top scope is `scopeName`. */
export async function loadGrammar(file: string, scopeName: string): Promise<IGrammar> {
  const path = join(repoRoot(), 'syntaxes', file);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => (scope === scopeName ? parseRawGrammar(readFileSync(path, 'utf8'), path) : null),
  });
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, 'grammar loads');
  return grammar;
}
