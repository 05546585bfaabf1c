/**
 * The editing features of the pure core: every function reads the parsed document and model the
 * diagnostics were computed from, and returns plain data with offsets. See ../../lsp for the
 * adapters that turn it into LSP.
 */
export * from './types';
export type { Span } from './cursor';
export { complete } from './completion';
export { hover, describeArn, describeState } from './hover';
export { definition, references, highlights, type Highlight } from './definition';
export { prepareRename, rename, nameProblem, MAX_STATE_NAME_LENGTH, type PrepareRenameResult, type RenameResult } from './rename';
export { codeActions, type CodeAction } from './codeActions';
export { documentSymbols, type AslSymbol } from './symbols';
export { foldingRanges, type FoldingRange } from './folding';
export { selectionRanges } from './selectionRanges';
export { format, MAX_TAB_SIZE, MAX_FORMAT_OUTPUT, type FormatOptions, type FormatResult } from './format';
export { lambdaArnsIn, isLambdaFunctionArn } from './lambdaArns';
