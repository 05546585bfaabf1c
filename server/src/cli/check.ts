import { validate, type AslDiagnostic } from '../core';
import { parseArgs } from './args';
import { DEFAULT_MAX_FILE_MB, MAX_FILE_ENV, configureMaxFileSize, expandInputs, readText } from './files';

const HELP = `Usage: asl-workbench check [--json] [--no-placeholders] [--max-file-size MB] FILE|DIR...

Validates Amazon States Language files. Directories are searched for *.asl.json and *.asl files;
symbolic links inside them are not followed (a link named on the command line is read when it
leads to a regular file). Only regular files are read.
  --json              One JSON array of {file, range, severity, code, message} (0-based lines, as in LSP).
  --no-placeholders   Treat \${...} definition substitutions as literal text.
  --max-file-size MB  Skip (as unreadable) files larger than this (default ${DEFAULT_MAX_FILE_MB}, or $${MAX_FILE_ENV}).
Exit status: 0 no errors, 1 errors found, 2 bad usage or an unreadable or skipped file (each one is
reported on stderr, and every other file is still checked and reported).`;

interface Out {
  write(s: string): unknown;
}

export function runCheck(argv: string[], stdout: Out, stderr: Out): number {
  const args = parseArgs(argv, { flags: ['--json', '--no-placeholders', '--help', '-h'], values: ['--max-file-size'] });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  if (args.positional.length === 0) {
    stderr.write(`asl-workbench check: no files given.\n\n${HELP}\n`);
    return 2;
  }
  const json = args.flags.has('--json');
  const badCap = configureMaxFileSize(args.values.get('--max-file-size'));
  if (badCap) {
    stderr.write(`asl-workbench check: ${badCap}\n`);
    return 2;
  }
  const { files, errors } = expandInputs(args.positional);
  let unreadable = errors.length > 0;
  for (const e of errors) stderr.write(`asl-workbench check: ${e}\n`);
  if (files.length === 0 && !unreadable) {
    stderr.write('asl-workbench check: no *.asl.json or *.asl files found.\n');
    return 2;
  }
  const results: { file: string; diagnostics: AslDiagnostic[] }[] = [];
  for (const file of files) {
    const r = readText(file);
    if ('error' in r) {
      stderr.write(`asl-workbench check: ${r.error}\n`);
      unreadable = true;
      continue;
    }
    results.push({ file, diagnostics: validate(r.text, { placeholders: !args.flags.has('--no-placeholders') }) });
  }
  let errorCount = 0;
  let warningCount = 0;
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errorCount++;
      else if (d.severity === 'warning') warningCount++;
    }
  }
  if (json) {
    const list = results.flatMap((r) =>
      r.diagnostics.map((d) => ({ file: r.file, range: d.range, severity: d.severity, code: d.code, message: d.message })),
    );
    stdout.write(JSON.stringify(list, null, 2) + '\n');
  } else {
    for (const r of results) {
      for (const d of r.diagnostics) {
        stdout.write(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}\n`);
      }
    }
    const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
    stdout.write(`${plural(results.length, 'file')} checked: ${plural(errorCount, 'error')}, ${plural(warningCount, 'warning')}.\n`);
  }
  if (unreadable) return 2;
  return errorCount > 0 ? 1 : 0;
}
