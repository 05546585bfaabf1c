/**
 * Findings that open templates have in their linked definition files (SAM `DefinitionUri`,
 * Serverless `${file(...)}`): published at the linked file's own URI and lines. A URI has one
 * list of diagnostics in LSP, so the linked file's list is the union of every template's findings
 * there and, when the file is open on its own, its own analysis; the same finding found twice
 * (by the file's own check and by a template's) is published once.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AslDiagnostic } from '../core';

/** A file URI's path (so that two spellings of one file meet), else the URI itself. */
export function fileKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** The URI of a definition file named relative to a template; undefined for a template that is not a file. */
export function linkedUri(templateUri: string, path: string): string | undefined {
  if (!templateUri.startsWith('file:')) return undefined;
  try {
    return pathToFileURL(join(dirname(fileURLToPath(templateUri)), path)).toString();
  } catch {
    return undefined;
  }
}

export class LinkedFindings {
  /** Linked file (by fileKey) -> template URI -> that template's findings there. */
  private readonly byFile = new Map<string, Map<string, AslDiagnostic[]>>();
  /** The URI each linked file's findings were last published at. */
  private readonly uris = new Map<string, string>();

  /**
   * What template `template` now finds in its linked files (URI -> findings; a linked file with
   * none still listed, so its old findings go). Answers the linked URIs whose list changed.
   */
  set(template: string, files: Map<string, AslDiagnostic[]>): string[] {
    const changed: string[] = [];
    const now = new Map<string, [string, AslDiagnostic[]]>([...files].map(([uri, list]) => [fileKey(uri), [uri, list]]));
    // The links that went away.
    for (const [key, perTemplate] of this.byFile) {
      if (now.has(key) || !perTemplate.has(template)) continue;
      perTemplate.delete(template);
      if (perTemplate.size === 0) this.byFile.delete(key);
      changed.push(this.uris.get(key)!);
      if (perTemplate.size === 0) this.uris.delete(key);
    }
    for (const [key, [uri, list]] of now) {
      let perTemplate = this.byFile.get(key);
      if (!perTemplate) this.byFile.set(key, (perTemplate = new Map()));
      const before = perTemplate.get(template);
      perTemplate.set(template, list);
      this.uris.set(key, this.uris.get(key) ?? uri);
      if (!before || !sameFindings(before, list)) changed.push(this.uris.get(key)!);
    }
    return changed;
  }

  /** The template is gone (closed): its findings leave the linked files. Answers those files' URIs. */
  drop(template: string): string[] {
    return this.set(template, new Map());
  }

  /** The templates whose machines read the file at `uri`. */
  templatesOf(uri: string): string[] {
    return [...(this.byFile.get(fileKey(uri))?.keys() ?? [])];
  }

  /** `own` (the file's own findings, if it is open) with every template's findings there, each finding once. */
  merged(uri: string, own: AslDiagnostic[] = []): AslDiagnostic[] {
    const perTemplate = this.byFile.get(fileKey(uri));
    if (!perTemplate) return own;
    const seen = new Set(own.map(identity));
    const out = [...own];
    for (const list of perTemplate.values()) {
      for (const d of list) {
        const id = identity(d);
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(d);
      }
    }
    return out;
  }
}

/** Two findings are the same when they say the same thing at the same characters. */
function identity(d: AslDiagnostic): string {
  return `${d.offset}:${d.length}:${d.code}:${d.severity}:${d.message}`;
}

function sameFindings(a: AslDiagnostic[], b: AslDiagnostic[]): boolean {
  return a.length === b.length && a.every((d, i) => identity(d) === identity(b[i]));
}
