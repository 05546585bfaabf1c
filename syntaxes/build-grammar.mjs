// Generates syntaxes/asl.tmLanguage.json. The grammar is written here rather than by hand because
// its regexes are built from word lists (fields, state types, errors, intrinsics) and JSON-escaped
// regexes are unreadable. Run `node syntaxes/build-grammar.mjs` after editing; `--check` exits 1
// when the committed JSON is stale (the grammar test runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const out = fileURLToPath(new URL('./asl.tmLanguage.json', import.meta.url));

// ---- Word lists (Amazon States Language, current spec incl. JSONata and Distributed Map) ----

const STATE_TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'];

const COMPARATORS = [
  ...['String', 'Numeric', 'Timestamp'].flatMap((t) =>
    ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'].flatMap((op) => [`${t}${op}`, `${t}${op}Path`]),
  ),
  'BooleanEquals',
  'BooleanEqualsPath',
  'StringMatches',
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
];

const FIELDS = [
  // machine and common state fields
  'Comment',
  'StartAt',
  'States',
  'Version',
  'TimeoutSeconds',
  'QueryLanguage',
  'Type',
  'Next',
  'End',
  'InputPath',
  'OutputPath',
  'Parameters',
  'ResultPath',
  'ResultSelector',
  'Arguments',
  'Output',
  'Assign',
  'Retry',
  'Catch',
  // Task
  'Resource',
  'TimeoutSecondsPath',
  'HeartbeatSeconds',
  'HeartbeatSecondsPath',
  'Credentials',
  'RoleArn',
  // Pass, Wait, Fail, Parallel
  'Result',
  'Seconds',
  'SecondsPath',
  'Timestamp',
  'TimestampPath',
  'Error',
  'ErrorPath',
  'Cause',
  'CausePath',
  'Branches',
  // Choice
  'Choices',
  'Default',
  'Condition',
  'Variable',
  'And',
  'Or',
  'Not',
  ...COMPARATORS,
  // Retry and Catch
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  // Map (inline and distributed)
  'Iterator',
  'ItemProcessor',
  'ProcessorConfig',
  'Mode',
  'ExecutionType',
  'ItemsPath',
  'Items',
  'ItemSelector',
  'MaxConcurrency',
  'MaxConcurrencyPath',
  'ItemReader',
  'ReaderConfig',
  'InputType',
  'CSVHeaderLocation',
  'CSVHeaders',
  'CSVDelimiter',
  'MaxItems',
  'MaxItemsPath',
  'ManifestType',
  'ItemBatcher',
  'MaxItemsPerBatch',
  'MaxItemsPerBatchPath',
  'MaxInputBytesPerBatch',
  'MaxInputBytesPerBatchPath',
  'BatchInput',
  'ResultWriter',
  'WriterConfig',
  'OutputType',
  'Transformation',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
];

/** Fields whose value is user data (a payload template or a literal), not ASL structure. */
const PAYLOAD_FIELDS = ['Parameters', 'Arguments', 'ResultSelector', 'ItemSelector', 'Result', 'Output', 'BatchInput', 'Items'];
/** Fields whose string value names a state. */
const STATE_REF_FIELDS = ['StartAt', 'Next', 'Default'];
/** Fields whose string value is one of a few upper-case or fixed words. */
const ENUM_FIELDS = [
  'QueryLanguage',
  'Mode',
  'ExecutionType',
  'JitterStrategy',
  'InputType',
  'CSVHeaderLocation',
  'CSVDelimiter',
  'OutputType',
  'Transformation',
  'ManifestType',
];

const ERRORS = [
  'ALL',
  'DataLimitExceeded',
  'ExceedToleratedFailureThreshold',
  'HeartbeatTimeout',
  'Http\\.Socket',
  'IntrinsicFailure',
  'ItemReaderFailed',
  'NoChoiceMatched',
  'ParameterPathFailure',
  'Permissions',
  'QueryEvaluationError',
  'ResultPathMatchFailure',
  'ResultWriterFailed',
  'Runtime',
  'TaskFailed',
  'Timeout',
  'BranchFailed',
];

const INTRINSICS = [
  'Format',
  'StringToJson',
  'JsonToString',
  'Array',
  'ArrayPartition',
  'ArrayContains',
  'ArrayRange',
  'ArrayGetItem',
  'ArrayLength',
  'ArrayUnique',
  'Base64Encode',
  'Base64Decode',
  'Hash',
  'JsonMerge',
  'MathRandom',
  'MathAdd',
  'StringSplit',
  'UUID',
];

const JSONATA_FUNCTIONS = [
  'sum',
  'count',
  'max',
  'min',
  'average',
  'string',
  'substring',
  'substringBefore',
  'substringAfter',
  'uppercase',
  'lowercase',
  'length',
  'trim',
  'pad',
  'contains',
  'split',
  'join',
  'match',
  'replace',
  'eval',
  'base64encode',
  'base64decode',
  'encodeUrlComponent',
  'encodeUrl',
  'decodeUrlComponent',
  'decodeUrl',
  'number',
  'abs',
  'floor',
  'ceil',
  'round',
  'power',
  'sqrt',
  'random',
  'formatNumber',
  'formatBase',
  'formatInteger',
  'parseInteger',
  'boolean',
  'not',
  'exists',
  'append',
  'sort',
  'reverse',
  'shuffle',
  'distinct',
  'zip',
  'keys',
  'lookup',
  'spread',
  'merge',
  'sift',
  'each',
  'error',
  'assert',
  'type',
  'now',
  'millis',
  'fromMillis',
  'toMillis',
  'map',
  'filter',
  'single',
  'reduce',
  // added by Step Functions
  'partition',
  'range',
  'hash',
  'uuid',
  'parse',
];

const alt = (words) => `(?:${[...words].sort((a, b) => b.length - a.length).join('|')})`;

// ---- Regex fragments (plain regex source; JSON.stringify does the escaping) ----

/** A JSON escape in the document text. */
const JSON_ESCAPE = String.raw`\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})`;
/** An escape of the embedded language (intrinsic or JSONata string), i.e. `\'` written as `\\'` in JSON. */
const INNER_ESCAPE = String.raw`\\\\(?:\\.|[^\\])`;
const NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:(?:\.\d+)?(?:[eE][+-]?\d+)?)?`;
const KEY_CHARS = String.raw`(?:[^"\\]|\\.)*?`;
/**
 * What ends a pair's value: the separator, the end of the object, or (for half-typed text: a missing
 * comma, an unterminated string) a line that starts with the next `"key":`.
 */
const MEMBER_END = String.raw`(,)|(?=\})|(?=^\s*"(?:[^"\\]|\\.)*"\s*:)`;

/** `"Key"` followed by `:` on the same line, with the key's scopes. */
function memberBegin(keyRegex, keyScope) {
  return {
    begin: String.raw`((")(${keyRegex})("))\s*(:)`,
    beginCaptures: {
      1: { name: 'string.json support.type.property-name.json' },
      2: { name: 'punctuation.support.type.property-name.begin.json' },
      3: { name: keyScope },
      4: { name: 'punctuation.support.type.property-name.end.json' },
      5: { name: 'punctuation.separator.dictionary.key-value.json' },
    },
  };
}

function member(keyRegex, keyScope, valuePatterns) {
  return {
    ...memberBegin(keyRegex, keyScope),
    end: MEMBER_END,
    endCaptures: { 1: { name: 'punctuation.separator.dictionary.pair.json' } },
    contentName: 'meta.structure.dictionary.value.json',
    patterns: [...valuePatterns.map((p) => ({ include: p })), { include: '#invalid-in-value' }],
  };
}

function object(memberPatterns) {
  return {
    begin: String.raw`\{`,
    beginCaptures: { 0: { name: 'punctuation.definition.dictionary.begin.json' } },
    end: String.raw`\}`,
    endCaptures: { 0: { name: 'punctuation.definition.dictionary.end.json' } },
    name: 'meta.structure.dictionary.json',
    patterns: [
      ...memberPatterns.map((p) => ({ include: p })),
      {
        match: String.raw`[^\s\}]`,
        name: 'invalid.illegal.expected-dictionary-separator.json',
      },
    ],
  };
}

function array(valueRule) {
  return {
    begin: String.raw`\[`,
    beginCaptures: { 0: { name: 'punctuation.definition.array.begin.json' } },
    end: String.raw`\]`,
    endCaptures: { 0: { name: 'punctuation.definition.array.end.json' } },
    name: 'meta.structure.array.json',
    patterns: [
      { include: valueRule },
      { match: ',', name: 'punctuation.separator.array.json' },
      { match: String.raw`[^\s\]]`, name: 'invalid.illegal.expected-array-separator.json' },
    ],
  };
}

/** The `:` of a pair whose key did not share a line with it (or matched no member rule). */
function colon(valueRule) {
  return {
    begin: ':',
    beginCaptures: { 0: { name: 'punctuation.separator.dictionary.key-value.json' } },
    end: MEMBER_END,
    endCaptures: { 1: { name: 'punctuation.separator.dictionary.pair.json' } },
    name: 'meta.structure.dictionary.value.json',
    patterns: [{ include: valueRule }, { include: '#invalid-in-value' }],
  };
}

/** A JSON string whose content starts as `lookahead` says; strings end at `"` or, unterminated, at the line end. */
function stringRule(lookahead, contentName, patterns) {
  return {
    begin: `(")${lookahead}`,
    beginCaptures: { 1: { name: 'punctuation.definition.string.begin.json' } },
    end: String.raw`(")|$`,
    endCaptures: { 1: { name: 'punctuation.definition.string.end.json' } },
    name: 'string.quoted.double.json',
    ...(contentName ? { contentName } : {}),
    patterns,
  };
}

/** A whole string that is one word of a list, e.g. `"Task"`. */
function wordString(words, scope) {
  return {
    match: String.raw`(")(${words})(")`,
    name: 'string.quoted.double.json',
    captures: {
      1: { name: 'punctuation.definition.string.begin.json' },
      2: { name: scope },
      3: { name: 'punctuation.definition.string.end.json' },
    },
  };
}

const inc = (...names) => names.map((n) => ({ include: n }));

const repository = {
  // ---- JSON basics ----
  constant: { match: String.raw`\b(?:true|false|null)\b`, name: 'constant.language.json' },
  number: { match: NUMBER, name: 'constant.numeric.json' },
  'json-escape': {
    patterns: [
      { match: JSON_ESCAPE, name: 'constant.character.escape.json' },
      { match: String.raw`\\.`, name: 'invalid.illegal.unrecognized-string-escape.json' },
    ],
  },
  placeholder: {
    // `${Name}` definition substitutions (SAM, CDK, Terraform), see the aslWorkbench.placeholders setting.
    match: String.raw`(\$\{)([^}"\\]*)(\})`,
    name: 'variable.parameter.placeholder.asl',
    captures: {
      1: { name: 'punctuation.definition.placeholder.begin.asl' },
      3: { name: 'punctuation.definition.placeholder.end.asl' },
    },
  },
  'invalid-in-value': { match: String.raw`[^\s,]`, name: 'invalid.illegal.expected-dictionary-separator.json' },
  'plain-string': stringRule('', null, inc('#placeholder', '#json-escape')),

  // ---- ASL structure: machine, states, retriers, catchers, choice rules ----
  'structure-value': { patterns: inc('#constant', '#number', '#structure-string', '#structure-object', '#structure-array') },
  'structure-string': {
    patterns: inc('#jsonata-string', '#path-string', '#error-name-string', '#arn-string', '#plain-string'),
  },
  'structure-object': object([
    '#member-type',
    '#member-states',
    '#member-state-ref',
    '#member-enum',
    '#member-assign',
    '#member-payload',
    '#member-template',
    '#field-key',
    '#user-key',
    '#structure-colon',
  ]),
  'structure-array': array('#structure-value'),
  'structure-colon': colon('#structure-value'),
  'field-key': {
    match: String.raw`(")(${alt(FIELDS)})(")`,
    name: 'string.json support.type.property-name.json',
    captures: {
      1: { name: 'punctuation.support.type.property-name.begin.json' },
      2: { name: 'entity.name.tag.field.asl' },
      3: { name: 'punctuation.support.type.property-name.end.json' },
    },
  },
  'user-key': {
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.support.type.property-name.begin.json' } },
    end: String.raw`(")|$`,
    endCaptures: { 1: { name: 'punctuation.support.type.property-name.end.json' } },
    name: 'string.json support.type.property-name.json',
    patterns: inc('#path-key-suffix', '#placeholder', '#json-escape'),
  },
  // `(?="|$)`: inside a capture the text is cut after the key, before its closing quote.
  'path-key-suffix': { match: String.raw`\.\$(?="|$)`, name: 'keyword.control.path-suffix.asl' },
  'member-type': member('Type', 'entity.name.tag.field.asl', ['#state-type-string', '#structure-value']),
  'state-type-string': wordString(alt(STATE_TYPES), 'support.type.state-type.asl'),
  'member-states': member('States', 'entity.name.tag.field.asl', ['#states-object', '#structure-value']),
  'states-object': object(['#state-name-key', '#structure-colon']),
  'state-name-key': {
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.support.type.property-name.begin.json' } },
    end: String.raw`(")|$`,
    endCaptures: { 1: { name: 'punctuation.support.type.property-name.end.json' } },
    name: 'string.json support.type.property-name.json entity.name.function.state.asl',
    patterns: inc('#json-escape'),
  },
  'member-state-ref': member(alt(STATE_REF_FIELDS), 'entity.name.tag.field.asl', ['#state-ref-string', '#structure-value']),
  'state-ref-string': stringRule('', 'entity.name.function.state.asl', inc('#json-escape')),
  'member-enum': member(alt(ENUM_FIELDS), 'entity.name.tag.field.asl', ['#enum-string', '#structure-value']),
  'enum-string': wordString(String.raw`[A-Za-z][A-Za-z0-9_]*`, 'support.constant.enum.asl'),
  'error-name-string': wordString(`States\\.${alt(ERRORS)}`, 'support.constant.error.asl'),

  // ---- Payloads: Parameters, Arguments, Result, Output, ... (keys are the user's) ----
  'member-payload': member(alt(PAYLOAD_FIELDS), 'entity.name.tag.field.asl', ['#payload-value']),
  'payload-value': { patterns: inc('#constant', '#number', '#payload-string', '#payload-object', '#payload-array') },
  'payload-string': { patterns: inc('#jsonata-string', '#arn-string', '#plain-string') },
  'payload-object': object(['#member-template', '#user-key', '#payload-colon']),
  'payload-array': array('#payload-value'),
  'payload-colon': colon('#payload-value'),
  /** `"key.$": value` — the value is a JSONPath or an intrinsic function call. */
  'member-template': {
    ...member(String.raw`${KEY_CHARS}\.\$`, 'meta.template-key.asl', ['#template-value']),
    beginCaptures: {
      ...memberBegin('', '').beginCaptures,
      // A capture with patterns loses the scopes of the captures around it, hence the full name here.
      3: { name: 'string.json support.type.property-name.json', patterns: inc('#path-key-suffix', '#placeholder', '#json-escape') },
    },
  },
  'template-value': { patterns: inc('#intrinsic-string', '#path-string', '#payload-value') },

  // ---- Assign: keys are workflow variable names ----
  'member-assign': member('Assign', 'entity.name.tag.field.asl', ['#assign-object', '#payload-value']),
  'assign-object': object(['#assign-template', '#variable-key', '#payload-colon']),
  'assign-template': {
    ...member(String.raw`${KEY_CHARS}\.\$`, 'variable.other.assignment.asl', ['#template-value']),
    beginCaptures: {
      ...memberBegin('', '').beginCaptures,
      3: {
        name: 'string.json support.type.property-name.json variable.other.assignment.asl',
        patterns: inc('#path-key-suffix', '#json-escape'),
      },
    },
  },
  'variable-key': {
    begin: '"',
    beginCaptures: { 0: { name: 'punctuation.support.type.property-name.begin.json' } },
    end: String.raw`(")|$`,
    endCaptures: { 1: { name: 'punctuation.support.type.property-name.end.json' } },
    name: 'string.json support.type.property-name.json',
    contentName: 'variable.other.assignment.asl',
    patterns: inc('#path-key-suffix', '#json-escape'),
  },

  // ---- JSONPath values: "$.a.b", "$$.Execution.Id", "$var.x" ----
  'path-string': stringRule(String.raw`(?=\$(?!\{))`, 'meta.jsonpath.asl', inc('#jsonpath', '#json-escape')),
  jsonpath: {
    patterns: [
      { match: String.raw`\$\$`, name: 'variable.language.context.asl' },
      { match: String.raw`\$[A-Za-z_][A-Za-z0-9_]*`, name: 'variable.other.asl' },
      { match: String.raw`\$`, name: 'variable.language.root.asl' },
      { match: '@', name: 'variable.language.current.asl' },
      {
        match: String.raw`(\.\.?)([A-Za-z_][\w-]*)`,
        captures: { 1: { name: 'punctuation.accessor.asl' }, 2: { name: 'variable.other.property.asl' } },
      },
      { match: String.raw`\.\.?`, name: 'punctuation.accessor.asl' },
      { match: String.raw`[\[\]]`, name: 'punctuation.section.brackets.asl' },
      { match: String.raw`\*`, name: 'keyword.operator.wildcard.asl' },
      { match: String.raw`==|!=|<=|>=|<|>|&&|\|\||\?|:`, name: 'keyword.operator.asl' },
      { match: NUMBER, name: 'constant.numeric.asl' },
      { begin: "'", end: `'|(?=")`, name: 'string.quoted.single.asl', patterns: inc('#inner-escape') },
    ],
  },
  'inner-escape': { match: INNER_ESCAPE, name: 'constant.character.escape.asl' },

  // ---- Intrinsic functions: "States.Format('{} {}', $.a, States.UUID())" ----
  'intrinsic-string': stringRule(String.raw`(?=\s*States\.\w+\s*\()`, 'meta.intrinsic.asl', inc('#intrinsic-call', '#json-escape')),
  'intrinsic-call': {
    begin: String.raw`(?:(States\.${alt(INTRINSICS)}\b)|(States\.\w+))\s*(\()`,
    beginCaptures: {
      1: { name: 'support.function.intrinsic.asl' },
      2: { name: 'entity.name.function.intrinsic.asl' },
      3: { name: 'punctuation.definition.arguments.begin.asl' },
    },
    end: String.raw`\)|(?=")`,
    endCaptures: { 0: { name: 'punctuation.definition.arguments.end.asl' } },
    name: 'meta.function-call.intrinsic.asl',
    patterns: [
      { include: '#intrinsic-call' },
      {
        begin: "'",
        end: `'|(?=")`,
        name: 'string.quoted.single.intrinsic.asl',
        patterns: [
          { include: '#inner-escape' },
          { match: String.raw`\{\}`, name: 'constant.other.placeholder.asl' },
          { include: '#json-escape' },
        ],
      },
      { match: String.raw`\b(?:true|false|null)\b`, name: 'constant.language.asl' },
      { match: ',', name: 'punctuation.separator.arguments.asl' },
      { include: '#jsonpath' },
    ],
  },

  // ---- JSONata: "{% $states.input.n + 1 %}" ----
  'jsonata-string': {
    ...stringRule(String.raw`(?=\s*\{%)`, 'meta.embedded.expression.jsonata', inc('#jsonata')),
  },
  jsonata: {
    patterns: [
      { match: String.raw`\{%`, name: 'punctuation.section.embedded.begin.jsonata' },
      { match: String.raw`%\}`, name: 'punctuation.section.embedded.end.jsonata' },
      { match: String.raw`/\*.*?\*/`, name: 'comment.block.jsonata' },
      { begin: "'", end: `'|(?=")`, name: 'string.quoted.single.jsonata', patterns: inc('#inner-escape', '#json-escape') },
      { begin: String.raw`\\"`, end: String.raw`\\"|(?=")`, name: 'string.quoted.double.jsonata', patterns: inc('#inner-escape') },
      { match: '`[^`"]*`', name: 'variable.other.property.jsonata' },
      { match: String.raw`\$states\b`, name: 'variable.language.states.jsonata' },
      {
        match: String.raw`(?:(\$${alt(JSONATA_FUNCTIONS)}\b)|(\$[A-Za-z_]\w*))(?=\s*\()`,
        captures: { 1: { name: 'support.function.builtin.jsonata' }, 2: { name: 'entity.name.function.jsonata' } },
      },
      { match: String.raw`\$[A-Za-z_]\w*`, name: 'variable.other.jsonata' },
      { match: String.raw`\$\$?`, name: 'variable.language.context.jsonata' },
      { match: String.raw`\bfunction\b`, name: 'storage.type.function.jsonata' },
      { match: String.raw`\b(?:and|or|in)\b`, name: 'keyword.operator.logical.jsonata' },
      { match: String.raw`\b(?:true|false|null)\b`, name: 'constant.language.jsonata' },
      { match: String.raw`\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b`, name: 'constant.numeric.jsonata' },
      { match: String.raw`:=|~>|!=|<=|>=|\.\.|\?:|\?\?|[-+*/%&=<>?:!^#@|]`, name: 'keyword.operator.jsonata' },
      { include: '#json-escape' },
    ],
  },

  // ---- ARNs: "arn:aws:states:::lambda:invoke" ----
  'arn-string': stringRule(String.raw`(?=arn:)`, 'meta.arn.asl', [
    {
      match: String.raw`\G(arn)(:)((?:[\w-]|\$\{[^}"]*\})*)(:)((?:[\w-]|\$\{[^}"]*\})*)`,
      captures: {
        1: { name: 'keyword.other.arn.asl' },
        2: { name: 'punctuation.separator.arn.asl' },
        3: { name: 'support.constant.partition.asl', patterns: inc('#placeholder') },
        4: { name: 'punctuation.separator.arn.asl' },
        5: { name: 'support.type.service.asl', patterns: inc('#placeholder') },
      },
    },
    { match: ':', name: 'punctuation.separator.arn.asl' },
    ...inc('#placeholder', '#json-escape'),
  ]),
};

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Amazon States Language',
  scopeName: 'source.asl',
  comment: 'Generated by syntaxes/build-grammar.mjs; edit that file, not this one.',
  patterns: [{ include: '#structure-value' }],
  repository,
};

const text = JSON.stringify(grammar, null, 2) + '\n';
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    /* missing counts as stale */
  }
  if (current !== text) {
    console.error('syntaxes/asl.tmLanguage.json is stale: run `node syntaxes/build-grammar.mjs`.');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
}
