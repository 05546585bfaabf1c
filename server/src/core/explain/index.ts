export { explainRun, type ExplainedVisit } from './explain';
export { renderCondition } from './condition';
