import { analyzeText, syntaxOfPath } from '../core';
import { parseArgs } from './args';
import { formatAws, formatSarif, readFormat, readMachineType, type Checked } from './checkFormats';
import { DEFAULT_MAX_FILE_MB, MAX_FILE_ENV, configureMaxFileSize, expandInputs, readText } from './files';
import { chooseMachine, findingsOf, openTemplateFile, type TemplateFile } from './templates';

const HELP = `Usage: asl-workbench check [--format text|json|aws|sarif] [--type STANDARD|EXPRESS] [--machine ID] [--no-placeholders] [--max-file-size MB] FILE|DIR...

Validates Amazon States Language files (JSON or YAML), and the state machines inside CloudFormation / SAM
templates (JSON or YAML), CDK's synthesized *.template.json and Serverless Framework files.
Directories are searched for *.asl.json, *.asl.yaml, *.asl.yml and *.asl files, and for *.json, *.yaml,
*.yml and *.template files that hold a state machine (read by content; others are skipped silently);
symbolic links inside them are not followed (a link named on the command line is read when it
leads to a regular file). Only regular files are read. A template's findings are at its own lines
(a DefinitionUri or \${file(...)} definition's: at the linked file's).
An error is what AWS rejects when the machine is created; a warning is valid but fails at run
time or is likely a mistake.
  --format text       One line per finding and a summary (the default).
  --format json       One JSON array of {file, range, severity, code, awsCode, message} (0-based lines, as in LSP).
                      --json is the same.
  --format aws        What AWS's ValidateStateMachineDefinition answers: {result: "OK"|"FAIL",
                      diagnostics: [{severity, code, message, location}], truncated} (an array of
                      them, each with its "file", for several files). Lists only what AWS reports.
  --format sarif      A SARIF 2.1.0 log for code scanning (rules = our codes, 1-based regions).
  --type TYPE         The machine's workflow type; EXPRESS adds the checks of Express workflows.
                      A template's own type (StateMachineType, SAM's Type, Serverless' type) wins.
  --machine ID        In templates, check only the state machine with this logical ID (Serverless: key).
  --no-placeholders   Treat \${...} definition substitutions as literal text.
  --max-file-size MB  Skip (as unreadable) files larger than this (default ${DEFAULT_MAX_FILE_MB}, or $${MAX_FILE_ENV}).
Exit status: 0 no errors, 1 errors found, 2 bad usage or an unreadable or skipped file (each one is
reported on stderr, and every other file is still checked and reported).`;

interface Out {
  write(s: string): unknown;
}

export function runCheck(argv: string[], stdout: Out, stderr: Out): number {
  const args = parseArgs(argv, {
    flags: ['--json', '--no-placeholders', '--help', '-h'],
    values: ['--format', '--type', '--max-file-size', '--machine'],
  });
  if (args.flags.has('--help') || args.flags.has('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  if (args.positional.length === 0) {
    stderr.write(`asl-workbench check: no files given.\n\n${HELP}\n`);
    return 2;
  }
  const format = readFormat(args.values.get('--format'), args.flags.has('--json'));
  const machineType = readMachineType(args.values.get('--type'));
  const badCap = configureMaxFileSize(args.values.get('--max-file-size'));
  if (badCap) {
    stderr.write(`asl-workbench check: ${badCap}\n`);
    return 2;
  }
  const { files, errors, candidates } = expandInputs(args.positional);
  let unreadable = errors.length > 0;
  for (const e of errors) stderr.write(`asl-workbench check: ${e}\n`);
  const results: Checked[] = [];
  const options = { placeholders: !args.flags.has('--no-placeholders'), machineType };
  const templates: TemplateFile[] = [];
  const named = new Set(files);
  for (const file of [...files, ...candidates]) {
    const candidate = !named.has(file);
    const r = readText(file);
    if ('error' in r) {
      // A *.json / *.yaml found in a directory is only ours if it holds a machine: unread, it is not.
      if (candidate) continue;
      stderr.write(`asl-workbench check: ${r.error}\n`);
      unreadable = true;
      continue;
    }
    const template = openTemplateFile(file, r.text, options);
    if (template) {
      templates.push(template);
      continue;
    }
    if (candidate) continue;
    const a = analyzeText(r.text, syntaxOfPath(file), options);
    results.push({ file, text: r.text, tree: a.doc.tree, diagnostics: a.diagnostics });
  }
  if (files.length === 0 && templates.length === 0 && !unreadable) {
    stderr.write('asl-workbench check: no *.asl.json, *.asl.yaml, *.asl.yml or *.asl files, or templates with state machines, found.\n');
    return 2;
  }
  const machineId = args.values.get('--machine');
  if (machineId !== undefined && !templates.some((t) => t.machines.some((a) => a.machine.id === machineId))) {
    const only = templates.length === 1 ? chooseMachine(templates[0], machineId) : undefined;
    stderr.write(`asl-workbench check: ${typeof only === 'string' ? only : `no template holds a state machine "${machineId}".`}\n`);
    return 2;
  }
  for (const t of templates) {
    const machines = t.machines.filter((a) => machineId === undefined || a.machine.id === machineId);
    for (const a of machines) {
      if (a.problem) {
        stderr.write(`asl-workbench check: ${t.file}: ${a.machine.id}: ${a.problem}\n`);
        if (a.machine.form === 'file') unreadable = true;
      }
    }
    if (format === 'aws') {
      // AWS's answer is per definition: each machine is one, located in its own definition.
      for (const a of machines)
        if (a.analysis)
          results.push({
            file: `${t.file}#${a.machine.id}`,
            text: a.analysis.doc.text,
            tree: a.analysis.doc.tree,
            diagnostics: a.analysis.diagnostics,
          });
      continue;
    }
    const byFile = new Map<string, Checked>([[t.file, { file: t.file, text: t.template.host.text, tree: undefined, diagnostics: [] }]]);
    for (const a of machines) {
      for (const f of findingsOf(t, a)) {
        const entry = byFile.get(f.file) ?? { file: f.file, text: a.analysis?.doc.text ?? '', tree: undefined, diagnostics: [] };
        entry.diagnostics.push(...f.diagnostics);
        byFile.set(f.file, entry);
      }
    }
    for (const entry of byFile.values()) {
      entry.diagnostics.sort((x, y) => x.offset - y.offset);
      results.push(entry);
    }
  }
  let errorCount = 0;
  let warningCount = 0;
  for (const r of results) {
    for (const d of r.diagnostics) {
      if (d.severity === 'error') errorCount++;
      else if (d.severity === 'warning') warningCount++;
    }
  }
  if (format === 'aws') {
    const aws = formatAws(results);
    stdout.write(aws.text + '\n');
    return unreadable ? 2 : aws.failed ? 1 : 0;
  }
  if (format === 'sarif') {
    stdout.write(formatSarif(results) + '\n');
  } else if (format === 'json') {
    const list = results.flatMap((r) =>
      r.diagnostics.map((d) => ({
        file: r.file,
        range: d.range,
        severity: d.severity,
        code: d.code,
        awsCode: d.awsCode ?? null,
        message: d.message,
      })),
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
