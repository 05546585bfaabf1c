/**
 * JSONPath for the Amazon States Language: parse a path into a tree (for the validator, hover
 * and the dry-run evaluator) and check it against the kind of path a field requires.
 */
export type * from './ast';
export { parsePathAt, PathSyntaxError, type NameStyle } from './parser';
export { parsePath, usageIssue, referenceIssue, isSingular, type PathOptions } from './path';
export { textRangeOfValue } from '../strings';
export { forEachSite, CHOICE_PATH_COMPARATORS, type ExpressionSite, type SiteRole } from './sites';
export { expressionFindings, type ExpressionFinding, type ExpressionCode } from './fieldChecks';
