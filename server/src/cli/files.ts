import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ASL_FILE = /\.asl(\.json)?$/i;

/** Expands directories to the ASL files below them (sorted); plain files are kept as given. */
export function expandInputs(inputs: string[]): { files: string[]; errors: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      errors.push(`cannot read "${input}": no such file or directory.`);
      continue;
    }
    if (st.isDirectory()) walk(input, files);
    else files.push(input);
  }
  return { files, errors };
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (ASL_FILE.test(name)) out.push(p);
  }
}

/** Reads a file as UTF-8 text, or returns a one-line reason. Binary content is still text to us. */
export function readText(path: string): { text: string } | { error: string } {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { error: `"${path}" is a directory.` };
    return { text: readFileSync(path, 'utf8') };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    return { error: `cannot read "${path}": ${reason}.` };
  }
}
