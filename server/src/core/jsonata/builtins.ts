/**
 * The functions a JSONata expression can call in Step Functions: the library's built-ins (jsonata
 * 2.x) and those Step Functions adds. Source: "Transforming data with JSONata in Step Functions",
 * section "JSONata functions provided by Step Functions": $partition, $range, $hash, $random (with
 * an optional seed), $uuid and $parse; "$eval is not supported in Step Functions workflows".
 */

/** The jsonata library's functions, minus $eval (a test checks this list against the library). */
export const JSONATA_FUNCTIONS: readonly string[] = [
  'sum',
  'count',
  'max',
  'min',
  'average',
  'string',
  'substring',
  'substringBefore',
  'substringAfter',
  'lowercase',
  'uppercase',
  'length',
  'trim',
  'pad',
  'match',
  'contains',
  'replace',
  'split',
  'join',
  'formatNumber',
  'formatBase',
  'formatInteger',
  'parseInteger',
  'number',
  'floor',
  'ceil',
  'round',
  'abs',
  'sqrt',
  'power',
  'random',
  'boolean',
  'not',
  'exists',
  'map',
  'zip',
  'filter',
  'single',
  'reduce',
  'sift',
  'keys',
  'lookup',
  'append',
  'spread',
  'merge',
  'reverse',
  'each',
  'error',
  'assert',
  'type',
  'sort',
  'shuffle',
  'distinct',
  'encodeUrlComponent',
  'encodeUrl',
  'decodeUrlComponent',
  'decodeUrl',
  'base64encode',
  'base64decode',
  'toMillis',
  'fromMillis',
  'clone',
  'now',
  'millis',
];

/** Added by Step Functions. */
export const STEP_FUNCTIONS_FUNCTIONS: readonly string[] = ['partition', 'range', 'hash', 'random', 'uuid', 'parse'];

/** Every function name (without `$`) an expression may call. */
export const FUNCTION_NAMES: ReadonlySet<string> = new Set([...JSONATA_FUNCTIONS, ...STEP_FUNCTIONS_FUNCTIONS]);

/** The fields of the reserved `$states` variable. */
export const STATES_FIELDS: readonly string[] = ['input', 'result', 'errorOutput', 'context'];
