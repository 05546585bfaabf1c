/**
 * What the mock-file features need from the workspace: which open documents are mock files, the
 * definition of a machine named in one (an open document first, else its `<name>.asl.json` on
 * disk), the handler modules beside a mock file and their exports, and every mock file that may
 * name a machine (for a rename). The core gets all of it as plain functions (core/mockfile).
 */
import type { Dirent } from 'node:fs';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { walkWorkspace } from './walkWorkspace';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildModel, parseDocument, type Machine } from '../core';
import { definitionInfo, machineNameOf, type DefinitionInfo } from '../core/engine/mocks';
import { looksLikeMockFile, moduleExports, readOutline, type HandlerModuleInfo, type MockEditingEnvironment } from '../core/mockfile';
import type { AnalysisCache } from './analyses';

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', 'cdk.out', '.aws-sam', '.e2e', 'coverage']);
const MAX_BYTES = 5_000_000;
/** How deep below a mock file's folder handler modules are offered. */
const HANDLER_DEPTH = 3;
const MAX_HANDLER_FILES = 200;
const HANDLER_FILE = /\.(mjs|cjs|js)$/;
/** The file names the panel and the CLI's users give mock files (client/src/panel/mocks.ts finds `*mock*.json`). */
const MOCK_FILE = /mock[^/\\]*\.json$/i;
const ASL_FILE = /\.asl(\.json)?$/i;

export function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** A mock file is JSON: a YAML document is never one (and is not parsed to find out). */
export function mayBeMockFile(doc: TextDocument): boolean {
  return doc.languageId !== 'yaml';
}

export class MockWorkspace {
  /** Definitions on disk by machine name, and mock files on disk (paths), from the start-up scan. */
  private readonly aslFiles = new Map<string, string[]>();
  private readonly mockFiles = new Set<string>();
  private readonly mockByVersion = new Map<string, { version: number; mock: boolean }>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly cache: AnalysisCache,
  ) {}

  /** Whether the open document is a mock file (by its content: StateMachines/MockedResponses at the top, no States). */
  isMock(doc: TextDocument): boolean {
    const hit = this.mockByVersion.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.mock;
    // The server's one parse of this version, no parse of its own.
    const mock = mayBeMockFile(doc) && looksLikeMockFile(this.cache.model(doc).doc.tree);
    this.mockByVersion.set(doc.uri, { version: doc.version, mock });
    return mock;
  }

  forget(uri: string): void {
    this.mockByVersion.delete(uri);
  }

  /** The open mock documents. */
  openMocks(): TextDocument[] {
    return this.documents.all().filter((d) => this.isMock(d));
  }

  /** The environment the core's mock-file features read, for the mock file at `uri`. */
  environment(uri: string): MockEditingEnvironment {
    const dir = pathOf(uri) ? dirname(pathOf(uri)!) : undefined;
    return {
      machineNames: () => this.machineNames(),
      definition: (name) => this.definition(name),
      handlerFiles: dir ? () => handlerFilesUnder(dir) : undefined,
      handlerModule: dir ? (path) => handlerModule(dir, path) : undefined,
    };
  }

  machineNames(): string[] {
    const names = new Set(this.aslFiles.keys());
    for (const d of this.documents.all()) {
      const path = pathOf(d.uri);
      if (path && ASL_FILE.test(path) && !this.isMock(d)) names.add(machineNameOf(path));
    }
    return [...names];
  }

  /** The machine's definition: an open document named after it, else its file on disk. */
  definition(name: string): DefinitionInfo | undefined {
    const source = this.definitionSource(name);
    return source && definitionInfo(source.machine, name);
  }

  /** Where the machine's definition is, its text and model: an open document first, else its file on disk. */
  definitionSource(name: string): { uri: string; text: string; machine: Machine } | undefined {
    for (const d of this.documents.all()) {
      const path = pathOf(d.uri) ?? d.uri;
      if (machineNameOf(path) === name && d.languageId !== 'json' && !this.isMock(d))
        return { uri: d.uri, text: d.getText(), machine: this.cache.model(d) };
    }
    for (const file of this.aslFiles.get(name) ?? []) {
      try {
        if (statSync(file).size > MAX_BYTES) continue;
        const text = readFileSync(file, 'utf8');
        return { uri: pathToFileURL(file).href, text, machine: buildModel(parseDocument(text)) };
      } catch {
        // gone since the scan: try the next
      }
    }
    return undefined;
  }

  /** Every mock file that may name a machine: the open ones (their current text) and those on disk. */
  mockTexts(): { uri: string; text: string; version?: number }[] {
    const out = new Map<string, { uri: string; text: string; version?: number }>();
    for (const d of this.openMocks()) out.set(d.uri, { uri: d.uri, text: d.getText(), version: d.version });
    for (const file of this.mockFiles) {
      const uri = pathToFileURL(file).href;
      if (out.has(uri) || this.documents.get(uri)) continue;
      try {
        if (statSync(file).size > MAX_BYTES) continue;
        const text = readFileSync(file, 'utf8');
        if (looksLikeMockFile(readOutline(text).tree)) out.set(uri, { uri, text });
      } catch {
        // unreadable: skip
      }
    }
    return [...out.values()];
  }

  /** Finds the ASL and mock files under the workspace folders (file: only). Never throws. */
  async scan(folderUris: readonly string[]): Promise<void> {
    await walkWorkspace(
      folderUris,
      (name) => ASL_FILE.test(name) || MOCK_FILE.test(name),
      (path, name) => {
        if (ASL_FILE.test(name)) {
          const machine = machineNameOf(name);
          this.aslFiles.set(machine, [...(this.aslFiles.get(machine) ?? []), path]);
        } else this.mockFiles.add(path);
      },
    );
  }
}

/** JavaScript files under the mock file's folder, relative to it with `/` separators. */
function handlerFilesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string, depth: number): void => {
    if (depth > HANDLER_DEPTH || out.length >= MAX_HANDLER_FILES) return;
    let entries: Dirent[];
    try {
      entries = readdirSync(at, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (SKIP.has(e.name) || e.name.startsWith('.')) continue;
      const path = join(at, e.name);
      if (e.isDirectory()) walk(path, depth + 1);
      else if (e.isFile() && HANDLER_FILE.test(e.name)) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir, 0);
  return out;
}

function handlerModule(dir: string, written: string): HandlerModuleInfo | undefined {
  const file = resolve(dir, written);
  try {
    if (!existsSync(file)) return { exists: false };
    if (!statSync(file).isFile() || statSync(file).size > MAX_BYTES) return undefined;
    const exports = moduleExports(readFileSync(file, 'utf8'));
    return exports ? { exists: true, exports } : { exists: true };
  } catch {
    return undefined;
  }
}
