/**
 * The one walk over the workspace's folders that the server's scans share (Lambda ARNs for
 * completion, machines and mock files for the mock-file features): bounded in files and depth,
 * skipping build output and dependencies, never throwing.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folders no machine or mock file of the user's lives in. */
const SKIP = new Set(['node_modules', '.git', 'dist', 'out', 'cdk.out', '.aws-sam', '.e2e', 'coverage']);
/** At most this many files are visited per scan, and folders this deep: a huge checkout costs no more. */
const MAX_FILES = 5000;
const MAX_DEPTH = 10;

/**
 * Calls `visit` for every file under the folder URIs (file: only) whose name `wanted` accepts, in
 * directory order, until MAX_FILES were visited. Returns how many were.
 */
export async function walkWorkspace(
  folderUris: readonly string[],
  wanted: (name: string) => boolean,
  visit: (path: string, name: string) => void | Promise<void>,
): Promise<number> {
  let budget = MAX_FILES;
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || budget <= 0) return;
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (budget <= 0) return;
      const name = entry.name;
      if (SKIP.has(name) || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (entry.isDirectory()) await walk(path, depth + 1);
      else if (entry.isFile() && wanted(name)) {
        budget--;
        await visit(path, name);
      }
    }
  };
  for (const uri of folderUris) {
    if (!uri.startsWith('file:')) continue;
    let root: string;
    try {
      root = fileURLToPath(uri);
    } catch {
      continue; // a malformed URI
    }
    await walk(root, 0);
  }
  return MAX_FILES - budget;
}
