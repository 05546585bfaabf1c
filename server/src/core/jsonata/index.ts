/** JSONata in Step Functions: parsing with exact ranges, analysis, and where expressions live. */
export { compileJsonata, analyzeJsonata, type CompileResult, type JsonataAnalysis, type JsonataError, type JsonataRef } from './analyze';
export { FUNCTION_NAMES, JSONATA_FUNCTIONS, STEP_FUNCTIONS_FUNCTIONS, STATES_FIELDS } from './builtins';
export { evaluatedStrings, type EvaluatedString, type JsonataPlace } from './fields';
export { jsonataExpression, stringOffsets } from './strings';
export { parseJsonata, type Node as JsonataNode } from './parser';
