/**
 * `asl-workbench convert FILE --to yaml|json`: a machine in the other syntax, block-style YAML or
 * 2-space JSON, key order (and repeated keys) kept. To standard output, or `--out FILE`.
 */
import { writeFileSync } from 'node:fs';
import { syntaxOfPath } from '../core';
import { convertDefinition } from '../core/yaml';
import { parseArgs } from './args';
import { readText } from './files';

const HELP = `Usage: asl-workbench convert FILE --to yaml|json [--out FILE]

Writes the state machine in FILE (*.asl.json, *.asl.yaml, *.asl.yml; by its name) in the other
syntax: block-style YAML, or JSON with a 2-space indent. Key order is kept; CloudFormation short
forms (!Ref, !Sub, !GetAtt...) are written in their long form in JSON. JSON has no comments: a
YAML file's comments are left behind (a note on stderr says how many).
  --to yaml|json  The syntax to write.
  --out FILE      Write there instead of to standard output.
Exit status: 0 written, 1 the file has syntax errors (nothing written), 2 bad usage or unreadable file.`;

interface Out {
  write(s: string): unknown;
}

export function runConvert(argv: string[], stdout: Out, stderr: Out): number {
  const args = parseArgs(argv, { flags: ['--help', '-h'], values: ['--to', '--out'] });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  const fail = (message: string): number => {
    stderr.write(`asl-workbench convert: ${message}\n`);
    return 2;
  };
  if (args.positional.length !== 1) return fail(args.positional.length === 0 ? `no file given.\n\n${HELP}` : 'give one file.');
  const to = args.values.get('--to');
  if (to !== 'yaml' && to !== 'json')
    return fail(to === undefined ? 'say which syntax to write: --to yaml or --to json.' : `--to takes yaml or json, not "${to}".`);
  const file = args.positional[0];
  const read = readText(file);
  if ('error' in read) return fail(read.error);
  const r = convertDefinition(read.text, syntaxOfPath(file), to);
  if (!r.ok) {
    stderr.write(`asl-workbench convert: ${file}: ${r.reason}\n`);
    return 1;
  }
  for (const note of r.notes) stderr.write(`asl-workbench convert: note: ${note}\n`);
  const out = args.values.get('--out');
  if (out === undefined) {
    stdout.write(r.text);
    return 0;
  }
  try {
    writeFileSync(out, r.text);
  } catch (err) {
    return fail(`cannot write ${out}: ${(err as Error).message}`);
  }
  return 0;
}
