import type { Rule } from './rule';
import { jsonSyntaxRule } from './jsonSyntax';
import { unknownStateRule } from './unknownState';
import { unreachableStateRule } from './unreachableState';
import { noTerminalPathRule } from './noTerminalPath';
import { duplicateStateRule } from './duplicateState';
import { statesAllRule } from './statesAll';
import { schemaRule } from './schema';
import { arnRule } from './arn';
import { jsonPathRule } from './jsonPath';
import { intrinsicRule } from './intrinsic';
import { invalidJsonataRule } from './jsonata';
import { undefinedVariableRule } from './undefinedVariable';
import { mapLabelRule } from './mapLabel';
import { expressRule } from './express';
import { awsWarningsRule } from './awsWarnings';

/** Every rule, in the order their findings are most useful; each lives in its own file. */
export const ALL_RULES: readonly Rule[] = [
  jsonSyntaxRule,
  schemaRule,
  duplicateStateRule,
  unknownStateRule,
  unreachableStateRule,
  noTerminalPathRule,
  statesAllRule,
  arnRule,
  jsonPathRule,
  intrinsicRule,
  invalidJsonataRule,
  undefinedVariableRule,
  mapLabelRule,
  expressRule,
  awsWarningsRule,
];
