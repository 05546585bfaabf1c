/**
 * Which templates link a definition file (SAM `DefinitionUri`, Serverless `${file(...)}`), for the
 * features of the file itself: the open templates (their current version, from the TemplateCache)
 * and the templates on disk that the workspace walk found or that were open once. A template on
 * disk is parsed once per version (its modification time and size), not on every request.
 */
import { readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openTemplate, sniffTemplate, type EmbeddedMachine, type OpenTemplate } from '../core/templates';
import { fileKey, linkedUri } from './linkedFindings';
import { walkWorkspace } from './walkWorkspace';

/** Template files as CloudFormation, SAM and Serverless users name them. */
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;
/** Files with those endings that are never templates (ASL definitions, the toolchain's own). */
const NOT_TEMPLATE = /\.asl(\.json|\.ya?ml)?$|(^|[\\/])(package(-lock)?\.json|tsconfig[^\\/]*\.json)$/i;
/** Larger files are not read as templates (the bound of the workspace's other scans). */
const MAX_TEMPLATE_BYTES = 5_000_000;

/** A template and the machines of it that read one linked file. */
export interface LinkingTemplate {
  uri: string;
  template: OpenTemplate;
  machines: EmbeddedMachine[];
}

interface KnownTemplate {
  uri: string;
  /** The linked files (by fileKey) its machines read, as last seen. */
  links: Set<string>;
  /** The disk version (`mtime:size`) `template` was read from; undefined until read from disk. */
  stamp?: string;
  template?: OpenTemplate;
}

export class LinkingTemplates {
  /** By the template's fileKey. */
  private readonly known = new Map<string, KnownTemplate>();
  private folders: string[] = [];

  /**
   * `openVersion(uri)`: the current version of a template the editor has open; null when the open
   * document is no template (now); undefined when it is not open (the disk's version counts then).
   */
  constructor(private readonly openVersion: (uri: string) => OpenTemplate | undefined | null) {}

  /** An open template was analysed: its links are remembered, so that once closed it is read from disk. */
  remember(uri: string, template: OpenTemplate | undefined): void {
    const links = linksOf(uri, template);
    const key = fileKey(uri);
    if (links.size === 0 && !this.known.has(key)) return;
    this.known.set(key, { uri, links });
  }

  /** The templates that link the file at `fileUri`, each with the machines that read it, in path order. */
  linking(fileUri: string): LinkingTemplate[] {
    const file = fileKey(fileUri);
    const out: LinkingTemplate[] = [];
    for (const entry of this.known.values()) {
      if (!entry.links.has(file)) continue;
      const open = this.openVersion(entry.uri);
      // null: open but not a template (any longer); undefined: not open, read from disk.
      const template = open === undefined ? this.fromDisk(entry) : (open ?? undefined);
      const machines = template?.machines.filter((m) => linkOf(entry.uri, m) === file) ?? [];
      if (template && machines.length > 0) out.push({ uri: entry.uri, template, machines });
    }
    return out.sort((a, b) => a.uri.localeCompare(b.uri));
  }

  /** The template as the user knows it: its path in the workspace folder, else beside the linked file. */
  label(templateUri: string, fileUri: string): string {
    const path = pathOf(templateUri);
    if (path === undefined) return templateUri;
    for (const folder of this.folders) {
      const rel = relative(folder, path);
      if (rel !== '' && !rel.startsWith('..')) return rel.split(sep).join('/');
    }
    const beside = pathOf(fileUri);
    return (beside !== undefined ? relative(dirname(beside), path) : path).split(sep).join('/');
  }

  /** Finds the templates under the folder URIs whose machines link definition files. Never throws; answers how many. */
  async scan(folderUris: readonly string[]): Promise<number> {
    this.folders = folderUris.map(pathOf).filter((p): p is string => p !== undefined);
    let found = 0;
    await walkWorkspace(
      folderUris,
      (name) => TEMPLATE_FILE.test(name) && !NOT_TEMPLATE.test(name),
      async (path) => {
        try {
          const st = await stat(path);
          if (st.size > MAX_TEMPLATE_BYTES) return;
          const text = await readFile(path, 'utf8');
          if (!sniffTemplate(text, path)) return;
          const uri = pathToFileURL(path).toString();
          const template = openTemplate(text, path);
          const links = linksOf(uri, template);
          if (links.size === 0 || this.known.has(fileKey(uri))) return;
          this.known.set(fileKey(uri), { uri, links, stamp: stampOf(st), template });
          found++;
        } catch {
          // unreadable: skip
        }
      },
    );
    return found;
  }

  /** The disk version of a template that is not open, parsed again only when the file changed. */
  private fromDisk(entry: KnownTemplate): OpenTemplate | undefined {
    const path = pathOf(entry.uri);
    if (path === undefined) return undefined;
    try {
      const st = statSync(path);
      const stamp = stampOf(st);
      if (stamp === entry.stamp) return entry.template;
      const text = st.isFile() && st.size <= MAX_TEMPLATE_BYTES ? readFileSync(path, 'utf8') : '';
      entry.stamp = stamp;
      entry.template = openTemplate(text, path);
      entry.links = linksOf(entry.uri, entry.template);
      return entry.template;
    } catch {
      entry.stamp = undefined;
      entry.template = undefined;
      return undefined;
    }
  }
}

function stampOf(st: { mtimeMs: number; size: number }): string {
  return `${st.mtimeMs}:${st.size}`;
}

function linkOf(templateUri: string, m: EmbeddedMachine): string | undefined {
  if (m.form !== 'file' || m.file === undefined) return undefined;
  const uri = linkedUri(templateUri, m.file);
  return uri !== undefined ? fileKey(uri) : undefined;
}

function linksOf(uri: string, template: OpenTemplate | undefined): Set<string> {
  const out = new Set<string>();
  for (const m of template?.machines ?? []) {
    const link = linkOf(uri, m);
    if (link !== undefined) out.add(link);
  }
  return out;
}

function pathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
