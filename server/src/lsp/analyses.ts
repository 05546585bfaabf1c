import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildModel, parseDocument, runRules, type Analysis, type Machine, type ValidationOptions } from '../core';

interface Entry {
  version: number;
  machine: Machine;
  /** Filled when the diagnostics are asked for: completion and hover need only the model. */
  analysis?: Analysis;
}

/**
 * One parse and model per document version (parse once, every feature reads it); the rules run
 * on that same model when diagnostics are wanted. So completion on a version the debounced
 * validation has not reached yet costs a parse, never a validation. Entries are dropped when a
 * document closes; a settings change clears everything.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private options: ValidationOptions) {}

  setOptions(options: ValidationOptions): void {
    this.options = options;
    this.entries.clear();
  }

  /** The parse and model of the document's current version, without validation. */
  model(doc: TextDocument): Machine {
    return this.entry(doc).machine;
  }

  /** Parse, model and diagnostics of the document's current version. */
  get(doc: TextDocument): Analysis {
    const entry = this.entry(doc);
    if (!entry.analysis) {
      const machine = entry.machine;
      entry.analysis = { doc: machine.doc, machine, diagnostics: runRules(machine.doc, machine, this.options) };
    }
    return entry.analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  private entry(doc: TextDocument): Entry {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version) return hit;
    const machine = buildModel(parseDocument(doc.getText(), { placeholders: this.options.placeholders }));
    const entry: Entry = { version: doc.version, machine };
    this.entries.set(doc.uri, entry);
    return entry;
  }
}
