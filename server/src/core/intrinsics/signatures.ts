/**
 * The 18 intrinsic functions of the Amazon States Language, for checking, hover and completion.
 * Source: states-language.net spec, Appendix B, and the AWS Step Functions developer guide,
 * "Intrinsic functions for JSONPath states" (argument validation notes are quoted where used).
 */

/** What a value must be. 'scalar': a string, number, boolean or null (not an array or object). */
export type ValueType = 'any' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'scalar';

export interface IntrinsicParam {
  name: string;
  type: ValueType;
  /** The argument must be a path (States.JsonToString: "This argument MUST be a Path"). */
  pathOnly?: boolean;
}

export interface IntrinsicSignature {
  name: string;
  /** One line for hover and completion. */
  description: string;
  params: readonly IntrinsicParam[];
  /** How many of the trailing params may be left out. */
  optional?: number;
  /** Any number of further arguments of this kind. */
  rest?: IntrinsicParam;
  returns: ValueType;
}

const array: IntrinsicParam = { name: 'array', type: 'array' };

export const INTRINSIC_SIGNATURES: readonly IntrinsicSignature[] = [
  {
    name: 'States.Format',
    description: "Builds a string from a template: each '{}' is replaced by the next argument.",
    params: [{ name: 'template', type: 'string' }],
    rest: { name: 'value', type: 'scalar' },
    returns: 'string',
  },
  {
    name: 'States.StringToJson',
    description: 'Parses a JSON string and returns the value it holds.',
    params: [{ name: 'jsonString', type: 'string' }],
    returns: 'any',
  },
  {
    name: 'States.JsonToString',
    description: 'Serializes the value at a path as a JSON string.',
    params: [{ name: 'path', type: 'any', pathOnly: true }],
    returns: 'string',
  },
  {
    name: 'States.Array',
    description: 'Returns an array of its arguments, in order.',
    params: [],
    rest: { name: 'value', type: 'any' },
    returns: 'array',
  },
  {
    name: 'States.ArrayPartition',
    description: 'Splits an array into chunks of the given size (the last chunk may be shorter).',
    params: [array, { name: 'chunkSize', type: 'integer' }],
    returns: 'array',
  },
  {
    name: 'States.ArrayContains',
    description: 'Returns true when the array contains the value.',
    params: [array, { name: 'value', type: 'any' }],
    returns: 'boolean',
  },
  {
    name: 'States.ArrayRange',
    description: 'Returns the integers from start to end (inclusive) by step; at most 1000 items.',
    params: [
      { name: 'start', type: 'integer' },
      { name: 'end', type: 'integer' },
      { name: 'step', type: 'integer' },
    ],
    returns: 'array',
  },
  {
    name: 'States.ArrayGetItem',
    description: 'Returns the array item at the given (zero-based) index.',
    params: [array, { name: 'index', type: 'integer' }],
    returns: 'any',
  },
  { name: 'States.ArrayLength', description: 'Returns the number of items in an array.', params: [array], returns: 'integer' },
  { name: 'States.ArrayUnique', description: 'Returns the array with duplicate values removed.', params: [array], returns: 'array' },
  {
    name: 'States.Base64Encode',
    description: 'Encodes a string (up to 10,000 characters) as MIME Base64.',
    params: [{ name: 'data', type: 'string' }],
    returns: 'string',
  },
  {
    name: 'States.Base64Decode',
    description: 'Decodes a MIME Base64 string (up to 10,000 characters).',
    params: [{ name: 'base64', type: 'string' }],
    returns: 'string',
  },
  {
    name: 'States.Hash',
    description: 'Returns the hex hash of the data with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.',
    params: [
      { name: 'data', type: 'any' },
      { name: 'algorithm', type: 'string' },
    ],
    returns: 'string',
  },
  {
    name: 'States.JsonMerge',
    description: 'Merges two JSON objects (shallow: the second wins); the third argument must be false.',
    params: [
      { name: 'object1', type: 'object' },
      { name: 'object2', type: 'object' },
      { name: 'deepMerge', type: 'boolean' },
    ],
    returns: 'object',
  },
  {
    name: 'States.MathRandom',
    description: 'Returns a random integer from start (inclusive) to end (exclusive), with an optional seed.',
    params: [
      { name: 'start', type: 'integer' },
      { name: 'end', type: 'integer' },
      { name: 'seed', type: 'integer' },
    ],
    optional: 1,
    returns: 'integer',
  },
  {
    name: 'States.MathAdd',
    description: 'Returns the sum of two integers.',
    params: [
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'integer' },
    ],
    returns: 'integer',
  },
  {
    name: 'States.StringSplit',
    description: 'Splits a string at any of the delimiter characters and returns the parts.',
    params: [
      { name: 'string', type: 'string' },
      { name: 'delimiters', type: 'string' },
    ],
    returns: 'array',
  },
  { name: 'States.UUID', description: 'Returns a random version 4 UUID.', params: [], returns: 'string' },
];

export const INTRINSICS: ReadonlyMap<string, IntrinsicSignature> = new Map(INTRINSIC_SIGNATURES.map((s) => [s.name, s]));

export function minArgs(sig: IntrinsicSignature): number {
  return sig.params.length - (sig.optional ?? 0);
}

export function maxArgs(sig: IntrinsicSignature): number {
  return sig.rest ? Infinity : sig.params.length;
}

/** "States.Hash(data, algorithm)", "States.Format(template, value...)", "States.MathRandom(start, end, seed?)". */
export function signatureLabel(sig: IntrinsicSignature): string {
  const min = minArgs(sig);
  const parts = sig.params.map((p, i) => (i >= min ? `${p.name}?` : p.name));
  if (sig.rest) parts.push(`${sig.rest.name}...`);
  return `${sig.name}(${parts.join(', ')})`;
}

/** The hash algorithms States.Hash accepts. */
export const HASH_ALGORITHMS: readonly string[] = ['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512'];
