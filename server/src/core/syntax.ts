import { buildModel } from './model';
import { parseDocument, type ParsedDocument } from './parse';
import { ALL_RULES } from './rules';
import type { Rule } from './rules/rule';
import type { ValidationOptions } from './types';
import { runRules, type Analysis } from './validate';
import { parseYamlDocument } from './yaml/document';

/** The syntaxes a machine file is written in: each has a front-end filling the same tree. */
export type Syntax = 'json' | 'yaml';

const YAML_NAME = /\.ya?ml$/i;

/** The syntax of a file by its name: `.yaml` / `.yml` (`.asl.yaml`, `.asl.yml`) are YAML, the rest JSON. */
export function syntaxOfPath(path: string): Syntax {
  return YAML_NAME.test(path) ? 'yaml' : 'json';
}

/** The parse of a text in the given syntax. */
export function parseText(text: string, syntax: Syntax, options: { placeholders?: boolean } = {}): ParsedDocument {
  return syntax === 'yaml' ? parseYamlDocument(text, options) : parseDocument(text, options);
}

/** `analyze` for a text of either syntax: parse, model, rules. */
export function analyzeText(text: string, syntax: Syntax, options: ValidationOptions = {}, rules: readonly Rule[] = ALL_RULES): Analysis {
  const doc = parseText(text, syntax, { placeholders: options.placeholders });
  const machine = buildModel(doc);
  return { doc, machine, diagnostics: runRules(doc, machine, options, rules) };
}
