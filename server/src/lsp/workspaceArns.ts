/**
 * The Lambda function ARNs written in the workspace's ASL files, offered by `Resource`
 * completion. The folders are scanned once in the background at start-up (bounded: a few
 * thousand files, no node_modules); open documents are read again as they change.
 */
import { readFile, stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { walkWorkspace } from './walkWorkspace';
import { lambdaArnsIn } from '../core/language';

const MAX_BYTES = 5_000_000;

export class WorkspaceLambdaArns {
  private readonly byUri = new Map<string, readonly string[]>();
  private cached: string[] | undefined;

  /** Records the ARNs of one file's text (an open document, or a file read from disk). */
  update(uri: string, text: string): void {
    const arns = lambdaArnsIn(text);
    const before = this.byUri.get(uri);
    if (arns.length === 0 && !before) return;
    if (before && before.length === arns.length && before.every((a, i) => a === arns[i])) return;
    this.byUri.set(uri, arns);
    this.cached = undefined;
  }

  /** Every ARN seen, plus the extra ones from the settings, sorted. */
  all(extra: readonly string[] = []): string[] {
    if (!this.cached) {
      const set = new Set<string>();
      for (const list of this.byUri.values()) for (const a of list) set.add(a);
      this.cached = [...set];
    }
    return extra.length === 0 ? this.cached : [...new Set([...this.cached, ...extra])];
  }

  /** Reads the ASL files under the given folder URIs (file: only); returns how many it read. Never throws. */
  async scan(folderUris: readonly string[]): Promise<number> {
    return walkWorkspace(
      folderUris,
      (name) => name.endsWith('.asl.json') || name.endsWith('.asl') || /\.asl\.ya?ml$/.test(name),
      async (path) => {
        try {
          if ((await stat(path)).size <= MAX_BYTES) this.update(pathToFileURL(path).href, await readFile(path, 'utf8'));
        } catch {
          // unreadable: skip
        }
      },
    );
  }
}
