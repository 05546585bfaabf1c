/**
 * One analysis per embedded machine, with every finding at the host file's offsets and lines and
 * inside the definition: an inline object is checked on a copy of the host's subtree (host
 * offsets already); a string definition is built from its pieces with a position map and checked
 * as text, its findings mapped back; a linked file is checked as its own text.
 */
import { documentOf, type ParsedDocument } from '../parse';
import { buildModel } from '../model';
import { LineIndex } from '../text';
import type { Tree } from '../tree';
import type { AslDiagnostic, DiagnosticCode, ValidationOptions } from '../types';
import { analyze, runRules, type Analysis } from '../validate';
import { analyzeText, syntaxOfPath } from '../syntax';
import { copyInline, intrinsicToken } from './inline';
import { MappedText, type HostRange } from './mapped';
import { appendSubstituted, UNDECLARED_EFFECT, type SubstitutionScope } from './substitute';
import { substitutionsOf, templateNames } from './find';
import type { EmbeddedMachine, HostDocument, Substitution } from './types';
import { symbolicFindings, type SymbolScope } from './typed';

export interface EmbeddedAnalysis {
  machine: EmbeddedMachine;
  /**
   * The definition's own analysis, what the graph and the engine read. Its offsets are the host's
   * for an inline object; the built text's for a string (see `toHost`); the linked file's for a file.
   */
  analysis: Analysis | undefined;
  /** Findings in the host file, at its offsets and lines, all inside the definition (or on a declaration it uses). */
  diagnostics: AslDiagnostic[];
  /** `file`: findings in the linked file, at its lines. */
  fileDiagnostics: AslDiagnostic[];
  /** The definition as JSON with literal substitutions applied: what a dry run runs. */
  definitionText: string;
  /** Maps a range of `analysis`'s offsets to the host file's (identity for inline and linked files). */
  toHost(offset: number, length: number): HostRange;
  /** Why nothing could be checked (a missing linked file, a definition in S3). */
  problem?: string;
}

export interface EmbeddedOptions extends ValidationOptions {
  /** Reads the linked file of a `file` definition (path relative to the template); undefined when it cannot. */
  readFile?: (path: string) => string | undefined;
  /**
   * Report the host file's own syntax errors that fall inside an inline definition (default true).
   * The editor turns this off: the YAML and JSON extensions already report them.
   */
  hostSyntaxErrors?: boolean;
}

export function analyzeMachine(host: HostDocument, m: EmbeddedMachine, options: EmbeddedOptions = {}): EmbeddedAnalysis {
  const validation: ValidationOptions = {
    placeholders: options.placeholders,
    severity: options.severity,
    machineType: m.machineType ?? options.machineType,
  };
  const hostFindings: AslDiagnostic[] = [];
  const report = (lines: LineIndex, out: AslDiagnostic[], code: DiagnosticCode, r: HostRange, message: string): void => {
    const setting = options.severity?.[code];
    if (setting === 'off') return;
    out.push({
      range: lines.rangeOf(r.offset, r.length),
      offset: r.offset,
      length: r.length,
      severity: setting ?? 'warning',
      code,
      message,
    });
  };
  const undeclaredTo = (lines: LineIndex, out: AslDiagnostic[]) => (name: string, r: HostRange, inFnSub: boolean) =>
    report(
      lines,
      out,
      'undeclared-substitution',
      r,
      inFnSub
        ? `"\${${name}}" is neither a variable of this Fn::Sub nor a parameter, resource or pseudo parameter of the template: CloudFormation rejects the template.`
        : `"\${${name}}" is not declared in DefinitionSubstitutions: ${UNDECLARED_EFFECT}`,
    );
  // Serverless `${...}` are the framework's variables, resolved before deployment: nothing to declare.
  const definitionSubs = m.kind === 'serverless' ? undefined : m.substitutions;
  for (const sub of m.substitutions.values()) sub.used = false;
  const scope: SubstitutionScope = { definition: definitionSubs, undeclared: undeclaredTo(host.lines, hostFindings) };
  const identity = (offset: number, length: number): HostRange => ({ offset, length });
  let result: EmbeddedAnalysis;

  if (m.form === 'object') {
    const inline = copyInline(host, m.definition, scope);
    const doc = hostDoc(
      host,
      inline.tree,
      inline.placeholderOffsets,
      options.hostSyntaxErrors === false ? undefined : m.range,
      validation.placeholders !== false,
    );
    const machine = buildModel(doc);
    const found = widened(runRules(doc, machine, validation), inline.substituted, host.lines);
    const analysis: Analysis = { doc, machine, diagnostics: inside(found, m.range, host.lines) };
    typed(analysis, { host, machine: m }, inline.intrinsics, options);
    result = {
      machine: m,
      analysis,
      diagnostics: analysis.diagnostics,
      fileDiagnostics: [],
      definitionText: jsonOf(inline.tree),
      toHost: identity,
    };
  } else if (m.form === 'string' || m.form === 'sub' || m.form === 'join') {
    const built = new MappedText(m.range);
    const variables = buildString(host, m, built, scope);
    for (const v of variables) {
      if (!v.used)
        report(
          host.lines,
          hostFindings,
          'unused-substitution',
          v.keyRange,
          `"${v.name}" is a variable of this Fn::Sub but the string never uses "\${${v.name}}".`,
        );
    }
    const analysis = analyze(built.text(), validation);
    typed(analysis, { host, machine: m, variables: new Map(variables.map((v) => [v.name, v])) }, undefined, options);
    const diagnostics = analysis.diagnostics.map((d) => moved(d, built.toHost(d.offset, d.length), host.lines));
    result = {
      machine: m,
      analysis,
      diagnostics,
      fileDiagnostics: [],
      definitionText: analysis.doc.tree ? jsonOf(analysis.doc.tree) : built.text(),
      toHost: (o, l) => built.toHost(o, l),
    };
  } else if (m.form === 'file' && m.file !== undefined) {
    const text = options.readFile?.(m.file);
    if (text === undefined) {
      result = empty(m, `The definition file "${m.file}" cannot be read.`);
    } else {
      const fileFindings: AslDiagnostic[] = [];
      const fileLines = new LineIndex(text);
      const built = new MappedText({ offset: 0, length: 0 });
      appendSubstituted(built, text, (i) => i, { definition: definitionSubs, undeclared: undeclaredTo(fileLines, fileFindings) });
      const analysis = analyzeText(built.text(), syntaxOfPath(m.file), validation);
      typed(analysis, { host, machine: m }, undefined, options);
      const mapped = analysis.diagnostics.map((d) => moved(d, built.toHost(d.offset, d.length), fileLines));
      const definitionText = analysis.doc.tree ? jsonOf(analysis.doc.tree) : built.text();
      result = {
        machine: m,
        analysis,
        diagnostics: [],
        fileDiagnostics: [...mapped, ...fileFindings].sort(byOffset),
        definitionText,
        toHost: (o, l) => built.toHost(o, l),
      };
    }
  } else {
    result = empty(m, m.note ?? 'The definition is not written in a form that can be checked.');
  }
  // Unused only where the definition was read (not one in S3, or a file that cannot be read).
  if (definitionSubs && result.analysis) {
    for (const s of definitionSubs.values()) {
      if (!s.used)
        report(
          host.lines,
          hostFindings,
          'unused-substitution',
          s.keyRange,
          `"${s.name}" is declared in DefinitionSubstitutions but the definition never uses "\${${s.name}}".`,
        );
    }
  }
  result.diagnostics = [...result.diagnostics, ...hostFindings].sort(byOffset);
  return result;
}

/** Adds the findings about symbolic values (a Task Resource that is a function's name...) to the analysis, at its offsets. */
function typed(analysis: Analysis, scope: SymbolScope, intrinsics: Map<number, number> | undefined, options: EmbeddedOptions): void {
  const found = symbolicFindings(
    scope,
    analysis,
    (offset, length) => ({ offset, length }),
    analysis.doc.lines,
    intrinsics,
    options.severity?.['invalid-arn'],
  );
  if (found.length > 0) analysis.diagnostics = [...analysis.diagnostics, ...found].sort(byOffset);
}

function empty(m: EmbeddedMachine, problem: string): EmbeddedAnalysis {
  return {
    machine: m,
    analysis: undefined,
    diagnostics: [],
    fileDiagnostics: [],
    definitionText: '',
    toHost: (offset, length) => ({ offset, length }),
    problem,
  };
}

const byOffset = (a: AslDiagnostic, b: AslDiagnostic): number => a.offset - b.offset || a.code.localeCompare(b.code);

/** The document the rules read for an inline definition: the host's text, the copied tree. */
function hostDoc(
  host: HostDocument,
  tree: Tree,
  placeholderOffsets: Set<number>,
  range: HostRange | undefined,
  placeholders: boolean,
): ParsedDocument {
  const doc = documentOf(host.text, tree, placeholders);
  const syntaxErrors = range ? host.syntaxErrors.filter((e) => e.offset >= range.offset && e.offset < range.offset + range.length) : [];
  return { ...doc, lines: host.lines, syntaxErrors, placeholderOffsets, syntax: host.syntax };
}

/** Findings placed outside the definition (none expected) are pinned to its start. */
function inside(list: AslDiagnostic[], range: HostRange, lines: LineIndex): AslDiagnostic[] {
  const end = range.offset + range.length;
  return list.map((d) =>
    d.offset >= range.offset && d.offset + d.length <= end ? d : moved(d, { offset: range.offset, length: 1 }, lines),
  );
}

/** A finding inside a substituted value covers the whole placeholder it came from (as in a string definition). */
function widened(list: AslDiagnostic[], spans: HostRange[], lines: LineIndex): AslDiagnostic[] {
  if (spans.length === 0) return list;
  return list.map((d) => {
    const s = spans.find((r) => d.offset >= r.offset && d.offset < r.offset + r.length);
    if (!s) return d;
    const end = Math.max(d.offset + d.length, s.offset + s.length);
    return moved(d, { offset: s.offset, length: end - s.offset }, lines);
  });
}

function moved(d: AslDiagnostic, r: HostRange, lines: LineIndex): AslDiagnostic {
  return { ...d, offset: r.offset, length: r.length, range: lines.rangeOf(r.offset, r.length) };
}

/** The pieces of a string definition, substituted, into `out`; answers `Fn::Sub`'s variables. */
function buildString(host: HostDocument, m: EmbeddedMachine, out: MappedText, scope: SubstitutionScope): Substitution[] {
  const t = host.tree;
  const node = m.definition;
  if (m.form === 'string') {
    appendString(host, node, out, scope);
    return [];
  }
  if (m.form === 'sub') {
    const sub = t.get(node, 'Fn::Sub');
    const [text, vars] = t.kindOf(sub) === 'array' ? [t.children(sub)[0] ?? -1, t.children(sub)[1] ?? -1] : [sub, -1];
    const variables = substitutionsOf(host, vars);
    appendString(host, text, out, { ...scope, fnSub: { variables, names: templateNames(host) } });
    return [...variables.values()];
  }
  const join = t.get(node, 'Fn::Join');
  const [delimiter, list] = t.kindOf(join) === 'array' ? [t.children(join)[0] ?? -1, t.children(join)[1] ?? -1] : [-1, -1];
  const pieces = t.kindOf(list) === 'array' ? t.children(list) : [];
  pieces.forEach((piece, k) => {
    if (k > 0 && t.kindOf(delimiter) === 'string') appendString(host, delimiter, out, { undeclared: () => undefined });
    if (t.kindOf(piece) === 'string') appendString(host, piece, out, scope);
    // A Ref / GetAtt piece: a placeholder the checker accepts; a finding inside it lands on the piece.
    else out.span(intrinsicToken(t, piece) ?? '${?}', t.range(piece));
  });
  return [];
}

function appendString(host: HostDocument, node: number, out: MappedText, scope: SubstitutionScope): void {
  const value = host.tree.string(node);
  if (value !== undefined) appendSubstituted(out, value, host.stringOffsets(node), scope);
}

/** A tree's value as JSON text (what a dry-run worker parses again). */
function jsonOf(t: Tree): string {
  return JSON.stringify(plain(t, 0));
}

function plain(t: Tree, i: number): unknown {
  switch (t.kindOf(i)) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of t.children(i)) {
        const key = t.keyText(p) ?? '';
        // First occurrence wins, as the model reads a repeated key.
        if (!Object.prototype.hasOwnProperty.call(o, key)) o[key] = plain(t, t.valueNode(p));
      }
      return o;
    }
    case 'array':
      return t.children(i).map((c) => plain(t, c));
    default:
      return t.scalar(i) ?? null;
  }
}
