/** The pure core: text in, data out. No vscode, no LSP connection, no file system. */
export * from './types';
export { parseDocument, hasPlaceholder, isPlaceholderNode, type ParsedDocument } from './parse';
export { buildModel, stateAt, type Machine, type Scope, type StateInfo, type Transition, type QueryLanguage } from './model';
export { analyze, validate, runRules, type Analysis } from './validate';
export { LineIndex } from './text';
export { analyzeText, parseText, syntaxOfPath, type Syntax } from './syntax';
export { parseYamlDocument } from './yaml';
