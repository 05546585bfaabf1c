/**
 * `asl-workbench graph FILE`: the panel's drawing as a standalone SVG (for READMEs and reviews),
 * the graph model with its layout as JSON, or Graphviz DOT. Same model, layout and renderer as
 * the panel.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { graphOf, renderSvg, toDot } from '../core/graph';
import { parseArgs } from './args';
import { readText } from './files';
import { chooseDefinition } from './templates';

const HELP = `Usage: asl-workbench graph FILE [--format svg|json|dot] [--out FILE] [--machine ID] [--no-placeholders]

Draws the state machine in FILE (an ASL file, or a template: CloudFormation, SAM, CDK output,
serverless.yml).
  --format svg    A standalone SVG that follows the viewer's light or dark scheme (default).
  --format json   The graph model (states, transitions, nested scopes) with its layout.
  --format dot    Graphviz DOT.
  --out FILE      Write there instead of to standard output.
  --machine ID    In a template, the state machine with this logical ID (needed when it holds several).
Exit status: 0 drawn, 1 the file is not well-formed JSON (nothing drawn), 2 bad usage or unreadable file.`;

const FORMATS = ['svg', 'json', 'dot'] as const;
type Format = (typeof FORMATS)[number];

interface Out {
  write(s: string): unknown;
}

export function runGraph(argv: string[], stdout: Out, stderr: Out): number {
  const args = parseArgs(argv, { flags: ['--help', '-h', '--no-placeholders'], values: ['--format', '--out', '--machine'] });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  const fail = (message: string): number => {
    stderr.write(`asl-workbench graph: ${message}\n`);
    return 2;
  };
  if (args.positional.length !== 1) return fail(args.positional.length === 0 ? `no file given.\n\n${HELP}` : 'give one file.');
  const format = (args.values.get('--format') ?? 'svg') as Format;
  if (!FORMATS.includes(format)) return fail(`--format takes svg, json or dot, not "${format}".`);
  const file = args.positional[0];
  const read = readText(file);
  if ('error' in read) return fail(read.error);

  const chosen = chooseDefinition(file, read.text, { placeholders: !args.flags.has('--no-placeholders') }, args.values.get('--machine'));
  if (typeof chosen === 'string') return fail(chosen);
  const analysis = chosen.analysis;
  if (analysis.doc.syntaxErrors.length > 0 || !analysis.machine.root) {
    const first = analysis.doc.syntaxErrors[0];
    const firstFinding = chosen.findings.find((f) => f.diagnostic.code === 'json-syntax');
    const where = firstFinding
      ? `${firstFinding.file}:${firstFinding.diagnostic.range.start.line + 1}: ${firstFinding.diagnostic.message}`
      : first
        ? `${file}:${analysis.doc.lines.rangeOf(first.offset, first.length).start.line + 1}: ${first.message}`
        : `${file}: the document is not a JSON object.`;
    stderr.write(`asl-workbench graph: ${where}\nNothing drawn: fix the JSON first.\n`);
    return 1;
  }
  const graph = graphOf(analysis);
  for (const note of graph.layout.notes ?? []) stderr.write(`asl-workbench graph: note: ${note}\n`);
  const name = chosen.embedded ? chosen.name : basename(file).replace(/\.asl(\.json|\.ya?ml)?$/i, '');
  let text: string;
  if (format === 'json') text = JSON.stringify(graph, null, 2) + '\n';
  else if (format === 'dot') text = toDot(graph.model, name);
  else text = renderSvg(graph, { standalone: true, title: name }) + '\n';

  const out = args.values.get('--out');
  if (out === undefined) {
    stdout.write(text);
    return 0;
  }
  try {
    writeFileSync(out, text);
  } catch (err) {
    return fail(`cannot write "${out}": ${(err as Error).message}`);
  }
  return 0;
}
