import type { TextDocument } from 'vscode-languageserver-textdocument';
import { buildModel, parseDocument, type Analysis, type Machine, type ValidationOptions } from '../core';
import { analyzeForEditing, reanalyze, type EditableAnalysis } from '../core/incremental';

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
  /** The last validated version of each document: the next validation reuses what did not change. */
  private readonly validated = new Map<string, EditableAnalysis>();

  constructor(private options: ValidationOptions) {}

  setOptions(options: ValidationOptions): void {
    this.options = options;
    this.entries.clear();
    this.validated.clear();
  }

  /** The parse and model of the document's current version, without validation. */
  model(doc: TextDocument): Machine {
    return this.entry(doc).machine;
  }

  /** Parse, model and diagnostics of the document's current version. */
  get(doc: TextDocument): Analysis {
    const entry = this.entry(doc);
    if (!entry.analysis) {
      const prev = this.validated.get(doc.uri);
      const text = doc.getText();
      // reanalyze consumes the previous analysis (its tree is spliced into the new one).
      const analysis = prev ? reanalyze(prev, text, this.options) : analyzeForEditing(text, this.options);
      this.validated.set(doc.uri, analysis);
      entry.machine = analysis.machine;
      entry.analysis = analysis;
    }
    return entry.analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.validated.delete(uri);
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
