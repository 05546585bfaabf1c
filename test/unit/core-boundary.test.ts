// The core's own tsconfig (server/src/core/tsconfig.json) keeps the layer: a file of the core
// that imports the file system, processes, VS Code or the language server, or reads Node's
// globals, does not compile. Each probe below is a file the compiler sees inside the core folder
// (kept in memory, never written), checked with the core's real compiler options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..', '..');
const CORE = join(ROOT, 'server', 'src', 'core');

const PROBES: Record<string, string> = {
  // The control: a pure module of the core and a host global the core may use compile.
  control: "import { LineIndex } from './text';\nexport const x = [LineIndex, setTimeout];\n",
  fs: "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
  nodeFs: "import { readFile } from 'node:fs/promises';\nexport const x = readFile;\n",
  childProcess: "import { spawn } from 'node:child_process';\nexport const x = spawn;\n",
  // Hashing is the core's own (engine/hash.ts): node:crypto is no exception.
  nodeCrypto: "import { createHash } from 'node:crypto';\nexport const x = createHash;\n",
  vscode: "import * as vscode from 'vscode';\nexport const x = vscode;\n",
  lspConnection: "import { createConnection } from 'vscode-languageserver/node';\nexport const x = createConnection;\n",
  lspTypes: "import { TextDocument } from 'vscode-languageserver-textdocument';\nexport const x = TextDocument;\n",
  processGlobal: 'export const x = process.env.HOME;\n',
  bufferGlobal: "export const x = Buffer.from('a');\n",
  domGlobal: 'export const x = document.title;\n',
  adapter: "import { ProcessHandlerRunner } from '../node/handlers';\nexport const x = ProcessHandlerRunner;\n",
};

function check(): Map<string, readonly ts.Diagnostic[]> {
  const configPath = join(CORE, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  assert.equal(read.error, undefined);
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, CORE, undefined, configPath);
  assert.deepEqual(parsed.errors, []);
  const options: ts.CompilerOptions = { ...parsed.options, composite: false, noEmit: true, emitDeclarationOnly: false, declaration: false };
  const probeFile = (name: string) => join(CORE, `__boundary_probe_${name}.ts`).replace(/\\/g, '/');
  const probes = new Map(Object.entries(PROBES).map(([name, text]) => [probeFile(name), text]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => probes.has(f) || fileExists.call(host, f);
  host.readFile = (f) => probes.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const text = probes.get(f);
    return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile.call(host, f, lang, ...rest);
  };
  const hostGlobals = parsed.fileNames.filter((f) => f.endsWith('.d.ts'));
  const program = ts.createProgram([...hostGlobals, ...probes.keys()], options, host);
  const out = new Map<string, readonly ts.Diagnostic[]>();
  for (const name of Object.keys(PROBES)) {
    const sf = program.getSourceFile(probeFile(name));
    assert.ok(sf, name);
    out.set(name, [
      ...program.getSyntacticDiagnostics(sf),
      ...program.getSemanticDiagnostics(sf),
      ...program.getDeclarationDiagnostics(sf),
    ]);
  }
  return out;
}

test('the core compiles without Node, DOM, VS Code or the language server', () => {
  const d = check();
  const codes = (name: string) => (d.get(name) ?? []).map((x) => x.code);
  const text = (name: string) => (d.get(name) ?? []).map((x) => ts.flattenDiagnosticMessageText(x.messageText, ' ')).join('; ');
  assert.deepEqual(codes('control'), [], text('control'));
  // TS2307: the module does not exist for the core (no @types/node).
  for (const name of ['fs', 'nodeFs', 'childProcess', 'nodeCrypto']) assert.deepEqual(codes(name), [2307], `${name}: ${text(name)}`);
  // TS2306: `paths` sends vscode and vscode-* to a file that is no module.
  for (const name of ['vscode', 'lspConnection', 'lspTypes']) assert.deepEqual(codes(name), [2306], `${name}: ${text(name)}`);
  // TS2580/TS2591 (Node's globals: "install @types/node"), TS2584 (the DOM: "change your lib").
  assert.ok(
    codes('processGlobal').some((c) => c === 2580 || c === 2591),
    text('processGlobal'),
  );
  assert.ok(
    codes('bufferGlobal').some((c) => c === 2580 || c === 2591),
    text('bufferGlobal'),
  );
  assert.deepEqual(codes('domGlobal'), [2584], text('domGlobal'));
  // TS6059: an adapter is outside the core's rootDir (under `tsc -b` also TS6307: not in the project).
  assert.ok(codes('adapter').includes(6059), text('adapter'));
});
