/**
 * The field sets of the Amazon States Language (states-language.net and the Step Functions
 * developer guide), as JSON Schemas: one object schema per kind of object and query language.
 * Schemas are built on demand and memoized; compile.ts turns them into ajv validators.
 *
 * Annotations read back when translating ajv errors (compile.ts registers them):
 * - `x-kind`: which kind of object (e.g. "state:Task", "retrier"), to find the other query
 *   language's field set for a misplaced field;
 * - `x-ql`: the query language the object schema was built for;
 * - `x-expr`: in a JSONata state the field may hold a "{% ... %}" expression instead;
 * - `title`: a noun phrase for messages; `description`: what the value must be.
 */
import type { QueryLanguage } from '../model';

export type Schema = Record<string, unknown>;

export const STATE_TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
export type StateType = (typeof STATE_TYPES)[number];

export function isStateType(value: unknown): value is StateType {
  return typeof value === 'string' && (STATE_TYPES as readonly string[]).includes(value);
}

// ---- value schemas -------------------------------------------------------------------------

const str = (description = 'a string'): Schema => ({ type: 'string', description });
const integer = (minimum: number, description: string): Schema => ({ type: 'integer', minimum, description });
const enumOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
const object = (description = 'an object'): Schema => ({ type: 'object', description });
const ANY: Schema = {};

const COMMENT = str();
const STATE_NAME = str('a state name');
const PATH = str('a path string such as "$.field"');
const PATH_OR_NULL: Schema = { type: ['string', 'null'], description: 'a path string such as "$.field", or null' };
const PAYLOAD = object('an object (a payload template)');
const ASSIGN = object('an object of variable names and values');
const POSITIVE = integer(1, 'a positive integer (1 or more)');
const NON_NEGATIVE = integer(0, 'a non-negative integer (0 or more)');
const PERCENTAGE: Schema = { type: 'number', minimum: 0, maximum: 100, description: 'a number from 0 to 100' };
const QUERY_LANGUAGE = enumOf('JSONPath', 'JSONata');
const END: Schema = { type: 'boolean', const: true, description: 'true' };
const ERROR_EQUALS: Schema = {
  type: 'array',
  minItems: 1,
  items: str('an error name string'),
  description: 'a non-empty array of error names',
};
/** RFC 3339 date-time, as Step Functions requires for Timestamp fields. */
const TIMESTAMP: Schema = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})$',
  description: 'an RFC 3339 timestamp such as "2024-01-31T12:00:00Z"',
};

/** In a JSONata state, the field may also hold a "{% ... %}" expression. */
function expr(schema: Schema, ql: QueryLanguage): Schema {
  if (ql !== 'JSONata') return schema;
  return { ...schema, 'x-expr': true, description: `${String(schema.description)} or a JSONata expression "{% ... %}"` };
}

function objectOf(
  kind: string,
  title: string,
  ql: QueryLanguage | undefined,
  properties: Record<string, Schema>,
  required: string[] = [],
): Schema {
  const s: Schema = { type: 'object', title, 'x-kind': kind, properties, additionalProperties: false, description: 'an object' };
  if (ql) s['x-ql'] = ql;
  if (required.length > 0) s.required = required;
  return s;
}

const arrayOf = (items: Schema, description: string): Schema => ({ type: 'array', items, description });

// ---- Choice rules --------------------------------------------------------------------------

const STRING_OPS = ['StringEquals', 'StringLessThan', 'StringGreaterThan', 'StringLessThanEquals', 'StringGreaterThanEquals'];
const NUMERIC_OPS = ['NumericEquals', 'NumericLessThan', 'NumericGreaterThan', 'NumericLessThanEquals', 'NumericGreaterThanEquals'];
const TIMESTAMP_OPS = [
  'TimestampEquals',
  'TimestampLessThan',
  'TimestampGreaterThan',
  'TimestampLessThanEquals',
  'TimestampGreaterThanEquals',
];
const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

/** Every comparison operator of a JSONPath Choice rule, with the schema of its value. */
export const COMPARISON_OPERATORS: ReadonlyMap<string, Schema> = (() => {
  const m = new Map<string, Schema>();
  for (const op of STRING_OPS) m.set(op, str());
  m.set('StringMatches', str('a string pattern (use * as a wildcard)'));
  for (const op of NUMERIC_OPS) m.set(op, { type: 'number', description: 'a number' });
  m.set('BooleanEquals', { type: 'boolean', description: 'true or false' });
  for (const op of TIMESTAMP_OPS) m.set(op, TIMESTAMP);
  for (const op of [...STRING_OPS, ...NUMERIC_OPS, 'BooleanEquals', ...TIMESTAMP_OPS]) m.set(`${op}Path`, PATH);
  for (const op of TYPE_TESTS) m.set(op, { type: 'boolean', description: 'true or false' });
  return m;
})();

export const BOOLEAN_OPERATORS = ['And', 'Or', 'Not'] as const;

function choiceRuleProperties(): Record<string, Schema> {
  const p: Record<string, Schema> = { Variable: PATH, Comment: COMMENT };
  for (const [op, s] of COMPARISON_OPERATORS) p[op] = s;
  const list: Schema = { type: 'array', minItems: 1, items: { $ref: '#/$defs/rule' }, description: 'a non-empty array of Choice rules' };
  p.And = list;
  p.Or = list;
  p.Not = { $ref: '#/$defs/rule' };
  return p;
}

function choiceRule(ql: QueryLanguage): Schema {
  if (ql === 'JSONata') {
    return objectOf(
      'choiceRule',
      'a Choice rule',
      ql,
      {
        // The value (an expression string or a boolean) is checked by the JSONata rule.
        Condition: ANY,
        Next: STATE_NAME,
        Assign: ASSIGN,
        Output: ANY,
        Comment: COMMENT,
      },
      ['Condition', 'Next'],
    );
  }
  return objectOf('choiceRule', 'a Choice rule', ql, { ...choiceRuleProperties(), Next: STATE_NAME, Assign: ASSIGN }, ['Next']);
}

const NESTED_RULE = objectOf('nestedRule', 'a nested Choice rule', 'JSONPath', choiceRuleProperties());

// ---- sub-objects ---------------------------------------------------------------------------

const RETRIER = objectOf(
  'retrier',
  'a retrier',
  undefined,
  {
    ErrorEquals: ERROR_EQUALS,
    IntervalSeconds: POSITIVE,
    MaxAttempts: NON_NEGATIVE,
    BackoffRate: { type: 'number', minimum: 1, description: 'a number of 1.0 or more' },
    MaxDelaySeconds: POSITIVE,
    JitterStrategy: enumOf('FULL', 'NONE'),
    Comment: COMMENT,
  },
  ['ErrorEquals'],
);

function catcher(ql: QueryLanguage): Schema {
  const p: Record<string, Schema> = { ErrorEquals: ERROR_EQUALS, Next: STATE_NAME, Assign: ASSIGN, Comment: COMMENT };
  if (ql === 'JSONPath') p.ResultPath = PATH_OR_NULL;
  else p.Output = ANY;
  return objectOf('catcher', 'a catcher', ql, p, ['ErrorEquals', 'Next']);
}

function credentials(ql: QueryLanguage): Schema {
  if (ql === 'JSONata') return objectOf('Credentials', '"Credentials"', ql, { RoleArn: expr(str('a role ARN string'), ql) }, ['RoleArn']);
  return objectOf('Credentials', '"Credentials"', ql, { RoleArn: str('a role ARN string'), 'RoleArn.$': PATH });
}

function readerConfig(ql: QueryLanguage): Schema {
  const p: Record<string, Schema> = {
    InputType: enumOf('CSV', 'JSON', 'JSONL', 'PARQUET', 'MANIFEST'),
    CSVHeaderLocation: enumOf('FIRST_ROW', 'GIVEN'),
    CSVHeaders: arrayOf(str('a column name string'), 'an array of column names'),
    CSVDelimiter: enumOf('COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'),
    ManifestType: str(),
    MaxItems: expr(NON_NEGATIVE, ql),
  };
  if (ql === 'JSONPath') p.MaxItemsPath = PATH;
  return objectOf('ReaderConfig', '"ReaderConfig"', ql, p);
}

function itemReader(ql: QueryLanguage): Schema {
  const p: Record<string, Schema> = { Resource: str('a resource ARN string'), ReaderConfig: readerConfig(ql) };
  if (ql === 'JSONPath') p.Parameters = PAYLOAD;
  else p.Arguments = expr(object(), ql);
  return objectOf('ItemReader', '"ItemReader"', ql, p, ['Resource']);
}

function itemBatcher(ql: QueryLanguage): Schema {
  const p: Record<string, Schema> = {
    MaxItemsPerBatch: expr(POSITIVE, ql),
    MaxInputBytesPerBatch: expr(POSITIVE, ql),
    BatchInput: expr(object(), ql),
  };
  if (ql === 'JSONPath') {
    p.MaxItemsPerBatchPath = PATH;
    p.MaxInputBytesPerBatchPath = PATH;
  }
  return objectOf('ItemBatcher', '"ItemBatcher"', ql, p);
}

function resultWriter(ql: QueryLanguage): Schema {
  const p: Record<string, Schema> = {
    Resource: str('a resource ARN string'),
    WriterConfig: objectOf('WriterConfig', '"WriterConfig"', undefined, {
      OutputType: enumOf('JSON', 'JSONL'),
      Transformation: enumOf('NONE', 'COMPACT', 'FLATTEN'),
    }),
  };
  if (ql === 'JSONPath') p.Parameters = PAYLOAD;
  else p.Arguments = expr(object(), ql);
  return objectOf('ResultWriter', '"ResultWriter"', ql, p);
}

const PROCESSOR_CONFIG = objectOf('ProcessorConfig', '"ProcessorConfig"', undefined, {
  Mode: enumOf('INLINE', 'DISTRIBUTED'),
  ExecutionType: enumOf('STANDARD', 'EXPRESS'),
});

// ---- states --------------------------------------------------------------------------------

function stateSchema(type: StateType, ql: QueryLanguage): Schema {
  const jp = ql === 'JSONPath';
  const p: Record<string, Schema> = { Type: ANY, Comment: COMMENT, QueryLanguage: QUERY_LANGUAGE };
  const required: string[] = [];
  if (type !== 'Choice' && type !== 'Succeed' && type !== 'Fail') {
    p.Next = STATE_NAME;
    p.End = END;
  }
  if (type !== 'Fail') {
    if (jp) {
      p.InputPath = PATH_OR_NULL;
      p.OutputPath = PATH_OR_NULL;
    } else p.Output = ANY;
  }
  if (type !== 'Succeed' && type !== 'Fail') p.Assign = ASSIGN;
  if (type === 'Task' || type === 'Parallel' || type === 'Map') {
    p.Retry = arrayOf(RETRIER, 'an array of retriers');
    p.Catch = arrayOf(catcher(ql), 'an array of catchers');
    if (jp) {
      p.ResultSelector = PAYLOAD;
      p.ResultPath = PATH_OR_NULL;
    }
  }
  if (type === 'Task' || type === 'Parallel' || type === 'Pass') {
    if (jp) p.Parameters = PAYLOAD;
    else if (type !== 'Pass') p.Arguments = expr(object(), ql);
  }
  switch (type) {
    case 'Task':
      p.Resource = str('a resource ARN string');
      p.TimeoutSeconds = expr(POSITIVE, ql);
      p.HeartbeatSeconds = expr(POSITIVE, ql);
      p.Credentials = credentials(ql);
      if (jp) {
        p.TimeoutSecondsPath = PATH;
        p.HeartbeatSecondsPath = PATH;
      }
      required.push('Resource');
      break;
    case 'Pass':
      if (jp) {
        p.Result = ANY;
        p.ResultPath = PATH_OR_NULL;
      }
      break;
    case 'Choice':
      p.Choices = { type: 'array', minItems: 1, items: choiceRule(ql), description: 'a non-empty array of Choice rules' };
      p.Default = STATE_NAME;
      required.push('Choices');
      break;
    case 'Wait':
      p.Seconds = expr(NON_NEGATIVE, ql);
      p.Timestamp = expr(TIMESTAMP, ql);
      if (jp) {
        p.SecondsPath = PATH;
        p.TimestampPath = PATH;
      }
      break;
    case 'Fail':
      p.Error = expr(str(), ql);
      p.Cause = expr(str(), ql);
      if (jp) {
        p.ErrorPath = PATH;
        p.CausePath = PATH;
      }
      break;
    case 'Parallel':
      p.Branches = {
        type: 'array',
        minItems: 1,
        items: object('an object with "StartAt" and "States"'),
        description: 'a non-empty array of branches',
      };
      required.push('Branches');
      break;
    case 'Map':
      p.ItemProcessor = object('an object with "StartAt" and "States"');
      p.Iterator = object('an object with "StartAt" and "States"');
      p.ItemSelector = expr(object(), ql);
      p.ItemReader = itemReader(ql);
      p.ItemBatcher = itemBatcher(ql);
      p.ResultWriter = resultWriter(ql);
      p.MaxConcurrency = expr(NON_NEGATIVE, ql);
      p.ToleratedFailurePercentage = expr(PERCENTAGE, ql);
      p.ToleratedFailureCount = expr(NON_NEGATIVE, ql);
      p.Label = str();
      if (jp) {
        p.ItemsPath = PATH;
        p.Parameters = PAYLOAD;
        p.MaxConcurrencyPath = PATH;
        p.ToleratedFailurePercentagePath = PATH;
        p.ToleratedFailureCountPath = PATH;
      } else p.Items = expr({ type: 'array', description: 'an array' }, ql);
      break;
    case 'Succeed':
      break;
  }
  const s = objectOf(`state:${type}`, `a ${type} state`, ql, p, required);
  if (type === 'Choice' && jp) s.$defs = { rule: NESTED_RULE };
  return s;
}

// ---- scopes --------------------------------------------------------------------------------

/** Each state's own shape is checked state by state (index.ts), not through this schema. */
const STATES = object('an object of named states');

export type ScopeSchemaKind = 'machine' | 'branch' | 'processor';

function scopeSchema(kind: ScopeSchemaKind): Schema {
  const p: Record<string, Schema> = { StartAt: STATE_NAME, States: STATES, Comment: COMMENT };
  if (kind === 'machine') {
    p.Version = enumOf('1.0');
    p.TimeoutSeconds = POSITIVE;
    p.QueryLanguage = QUERY_LANGUAGE;
  }
  if (kind === 'processor') p.ProcessorConfig = PROCESSOR_CONFIG;
  const title = kind === 'machine' ? 'the state machine' : kind === 'branch' ? 'a Parallel branch' : 'a Map ItemProcessor';
  return objectOf(`scope:${kind}`, title, undefined, p, ['StartAt', 'States']);
}

// ---- lookup --------------------------------------------------------------------------------

const cache = new Map<string, Schema>();

function memo(key: string, build: () => Schema): Schema {
  let s = cache.get(key);
  if (!s) {
    s = build();
    cache.set(key, s);
  }
  return s;
}

export function getStateSchema(type: StateType, ql: QueryLanguage): Schema {
  return memo(`state:${type}|${ql}`, () => stateSchema(type, ql));
}

export function getScopeSchema(kind: ScopeSchemaKind): Schema {
  return memo(`scope:${kind}`, () => scopeSchema(kind));
}

/** The schema of the same kind of object built for a query language, if the kind varies by it. */
export function schemaOfKind(kind: string, ql: QueryLanguage): Schema | undefined {
  if (kind.startsWith('state:')) {
    const type = kind.slice(6);
    return isStateType(type) ? getStateSchema(type, ql) : undefined;
  }
  switch (kind) {
    case 'catcher':
      return memo(`catcher|${ql}`, () => catcher(ql));
    case 'choiceRule':
      return memo(`choiceRule|${ql}`, () => choiceRule(ql));
    case 'Credentials':
      return memo(`Credentials|${ql}`, () => credentials(ql));
    case 'ItemReader':
      return memo(`ItemReader|${ql}`, () => itemReader(ql));
    case 'ReaderConfig':
      return memo(`ReaderConfig|${ql}`, () => readerConfig(ql));
    case 'ItemBatcher':
      return memo(`ItemBatcher|${ql}`, () => itemBatcher(ql));
    case 'ResultWriter':
      return memo(`ResultWriter|${ql}`, () => resultWriter(ql));
    default:
      return undefined;
  }
}

/** The allowed field names of an object schema. */
export function fieldsOf(schema: Schema | undefined): string[] {
  const p = schema?.properties;
  return p && typeof p === 'object' ? Object.keys(p) : [];
}

const otherLanguageFields: Record<QueryLanguage, Map<string, ReadonlySet<string>>> = { JSONPath: new Map(), JSONata: new Map() };

/** True when `key` is not a field of this object in `ql` but is one in the other query language. */
export function isOtherLanguageField(kind: string, ql: QueryLanguage, key: string): boolean {
  let fields = otherLanguageFields[ql].get(kind);
  if (!fields) {
    const own = schemaOfKind(kind, ql);
    const other = own ? fieldsOf(schemaOfKind(kind, ql === 'JSONata' ? 'JSONPath' : 'JSONata')) : [];
    fields = new Set(other.filter((f) => !hasField(own, f)));
    otherLanguageFields[ql].set(kind, fields);
  }
  return fields.has(key);
}

function hasField(schema: Schema | undefined, key: string): boolean {
  const p = schema?.properties as Record<string, unknown> | undefined;
  return !!p && Object.prototype.hasOwnProperty.call(p, key);
}
