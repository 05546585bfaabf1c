/**
 * Every file the CLI reads goes through here: regular files only, under a size cap, and never a
 * read that can block (a FIFO) or never end (a link to /dev/zero). A directory walk does not
 * follow links; a link named on the command line is read when it leads to a regular file.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export const ASL_FILE = /\.asl(\.json|\.ya?ml)?$/i;

/** Files below a directory that may be templates holding machines: read and sniffed, never reported otherwise. */
export const TEMPLATE_CANDIDATE = /\.(json|ya?ml|template)$/i;

/** Default cap on one file (definitions are at most 1 MB in Step Functions; this leaves room). */
export const DEFAULT_MAX_FILE_MB = 50;
/** Environment variable that sets the cap, in MB, for every command. */
export const MAX_FILE_ENV = 'ASLWB_MAX_FILE_MB';
const MB = 1024 * 1024;
const READ_CHUNK = 1 * MB;

export interface ReadOptions {
  /** Largest file read, in bytes. Default: $ASLWB_MAX_FILE_MB or 50 MB. */
  maxBytes?: number;
  /** Read through a symbolic link (to a regular file). True for files named on the command line. */
  followLinks?: boolean;
}

/** The cap set for this process by --max-file-size or the environment (configureMaxFileSize). */
let configured: number | undefined;

/**
 * Sets the cap for every later read from --max-file-size (when given) or $ASLWB_MAX_FILE_MB;
 * returns a usage error for a bad value.
 */
export function configureMaxFileSize(flag: string | undefined): string | undefined {
  const cap = maxFileBytes(flag ?? process.env[MAX_FILE_ENV]);
  if (typeof cap !== 'number') return `${flag !== undefined ? '--max-file-size' : MAX_FILE_ENV}: ${cap.error}`;
  configured = cap;
  return undefined;
}

/** The cap from the environment, or the default; a bad value is a usage error for the caller to report. */
export function maxFileBytes(mb: string | undefined = process.env[MAX_FILE_ENV]): number | { error: string } {
  if (mb === undefined || mb === '') return DEFAULT_MAX_FILE_MB * MB;
  const n = Number(mb);
  if (!(n > 0) || !Number.isFinite(n)) return { error: `the file size cap takes a number of MB above 0, not "${mb}".` };
  return Math.floor(n * MB);
}

/**
 * Expands directories to the ASL files below them (sorted); plain files are kept as given.
 * Anything below a directory that cannot be listed, or an ASL-named entry that is a link, is an
 * error for that entry only: the rest is still found.
 */
export function expandInputs(inputs: string[]): { files: string[]; errors: string[]; candidates: string[] } {
  const files: string[] = [];
  const errors: string[] = [];
  const candidates: string[] = [];
  for (const input of inputs) {
    let st: Stats;
    try {
      st = lstatSync(input);
    } catch (err) {
      errors.push(`cannot read "${input}": ${reasonOf(err, false)}.`);
      continue;
    }
    // A directory given through a link is followed: the user named it.
    if (st.isSymbolicLink()) {
      try {
        if (statSync(input).isDirectory()) {
          walk(input, files, errors, candidates);
          continue;
        }
      } catch {
        // Not a directory (or a broken link): read as a file, which says why it cannot be.
      }
      files.push(input);
    } else if (st.isDirectory()) walk(input, files, errors, candidates);
    else files.push(input);
  }
  return { files, errors, candidates };
}

function walk(dir: string, out: string[], errors: string[], candidates: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    errors.push(`cannot read directory "${dir}": ${reasonOf(err, false)}.`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const name = entry.name;
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    // Links are not followed below a directory: a committed link may point anywhere (/dev/zero,
    // a loop, outside the checkout). Links to folders are skipped silently, as folders that are
    // not ASL files; an ASL-named link is reported, so that nothing is skipped unseen.
    if (entry.isSymbolicLink()) {
      if (ASL_FILE.test(name))
        errors.push(`skipped "${p}": a symbolic link (links inside a directory are not followed; name the file to check it).`);
    } else if (entry.isDirectory()) walk(p, out, errors, candidates);
    else if (ASL_FILE.test(name)) out.push(p);
    else if (TEMPLATE_CANDIDATE.test(name)) candidates.push(p);
  }
}

/**
 * Reads a regular file as UTF-8 text, or returns a one-line reason. Binary content is still text
 * to us. The file is opened without blocking (a FIFO opens at once) and its type and size are
 * checked on the open descriptor, so a file swapped after the check is still the one checked.
 */
export function readText(path: string, options: ReadOptions = {}): { text: string } | { error: string } {
  const cap = options.maxBytes ?? configured ?? maxFileBytes();
  const maxBytes = typeof cap === 'number' ? cap : DEFAULT_MAX_FILE_MB * MB;
  const follow = options.followLinks ?? true;
  let fd: number | undefined;
  let isLink = false;
  try {
    const link = lstatSync(path);
    isLink = link.isSymbolicLink();
    if (link.isSymbolicLink() && !follow)
      return { error: `cannot read "${path}": it is a symbolic link, and links are not followed here.` };
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (follow ? 0 : constants.O_NOFOLLOW));
    const st = fstatSync(fd);
    const via = link.isSymbolicLink() ? 'a link to ' : '';
    if (st.isDirectory()) return { error: `"${path}" is ${via}a directory.` };
    if (!st.isFile()) return { error: `cannot read "${path}": it is ${via}${kindOf(st)}, not a regular file.` };
    if (st.size > maxBytes) return { error: tooLarge(path, maxBytes) };
    // The size may change while reading (a growing log): read to the end, but never past the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(READ_CHUNK, maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return { error: tooLarge(path, maxBytes) };
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (err) {
    return { error: `cannot read "${path}": ${reasonOf(err, isLink)}.` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function tooLarge(path: string, maxBytes: number): string {
  const cap = maxBytes >= MB ? `${Math.round((maxBytes / MB) * 100) / 100} MB` : `${Math.round(maxBytes / 1024)} KB`;
  return `cannot read "${path}": it is larger than ${cap} (the cap; set ${MAX_FILE_ENV} or --max-file-size to change it).`;
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}

function reasonOf(err: unknown, isLink: boolean): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return isLink ? 'a symbolic link to nothing (its target does not exist)' : 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'is a directory';
    default:
      return (err as Error).message;
  }
}
