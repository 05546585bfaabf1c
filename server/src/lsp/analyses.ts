import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis, type ValidationOptions } from '../core';

/**
 * One analysis per document version (parse once, every feature reads it). Entries are dropped
 * when a document closes; a settings change clears everything.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: Analysis }>();

  constructor(private options: ValidationOptions) {}

  setOptions(options: ValidationOptions): void {
    this.options = options;
    this.entries.clear();
  }

  get(doc: TextDocument): Analysis {
    const hit = this.entries.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    const analysis = analyze(doc.getText(), this.options);
    this.entries.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
