import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analysis, Machine, ValidationOptions } from '../core';
import type { ParsedDocument } from '../core/parse';
import { reparse, validateEdited, type EditableAnalysis, type Reparsed } from '../core/incremental';
import { syntaxOfPath, type Syntax } from '../core/syntax';

interface Entry {
  version: number;
  /** The text this entry is of: a version number alone may repeat (a re-open, a misbehaving client). */
  text: string;
  parsed: Reparsed;
  /** Filled when the diagnostics are asked for: completion and hover need only the model. */
  analysis?: EditableAnalysis;
}

/**
 * One parse and model per document version (parse once, every feature reads it); the rules run
 * on that same model when diagnostics are wanted. Both go the incremental way from the last
 * validated version: the parse splices the edited part into its tree, the validation keeps the
 * findings of the states the edit did not touch. So completion on a version the debounced
 * validation has not reached yet costs a partial parse, and the validation then parses nothing.
 * Entries are dropped when a document closes or opens again; a settings change clears everything.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  /** The last validated version of each document: the next version reuses what did not change. */
  private readonly validated = new Map<string, EditableAnalysis>();
  /** Parses and validations made, for the tests and the logs. */
  readonly counts = { parses: 0, validations: 0 };

  constructor(private options: ValidationOptions) {}

  setOptions(options: ValidationOptions): void {
    this.options = options;
    this.entries.clear();
    this.validated.clear();
  }

  /** The parse and model of the document's current version, without validation. */
  model(doc: TextDocument): Machine {
    return this.entry(doc).parsed.machine;
  }

  /**
   * The version's parse when it is also the exact JSON a template reads (`placeholders: false`):
   * JSON, and no bare `${...}` was quoted, so the tree and syntax errors are the same. Undefined
   * otherwise (the template parses on its own). Lets a JSON template and the mock-file check,
   * which reads this same parse, share one parse per version.
   */
  exactJson(doc: TextDocument): ParsedDocument | undefined {
    const parsed = this.model(doc).doc;
    return (parsed.syntax ?? 'json') === 'json' && parsed.placeholderOffsets.size === 0 ? parsed : undefined;
  }

  /** Parse, model and diagnostics of the document's current version. */
  get(doc: TextDocument): Analysis {
    const entry = this.entry(doc);
    if (!entry.analysis) {
      entry.analysis = validateEdited(this.validated.get(doc.uri), entry.parsed, this.options);
      this.validated.set(doc.uri, entry.analysis);
      this.counts.validations++;
    }
    return entry.analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.validated.delete(uri);
  }

  private entry(doc: TextDocument): Entry {
    const text = doc.getText();
    const hit = this.entries.get(doc.uri);
    // The same string object most of the time (one compare); a different one of equal length is
    // compared natively, far cheaper than the parse a stale entry would save.
    if (hit && hit.version === doc.version && hit.text === text) return hit;
    const prev = this.validated.get(doc.uri);
    const entry: Entry = { version: doc.version, text, parsed: reparse(prev, text, this.options, syntaxOfDocument(doc)) };
    if (entry.parsed.doc !== prev?.doc) this.counts.parses++;
    this.entries.set(doc.uri, entry);
    return entry;
  }
}

/** The language the editor says, else the file name: `asl-yaml` (`.asl.yaml`, `.asl.yml`) is YAML. */
export function syntaxOfDocument(doc: TextDocument): Syntax {
  if (doc.languageId === 'asl-yaml') return 'yaml';
  if (doc.languageId === 'asl') return 'json';
  return syntaxOfPath(doc.uri);
}
