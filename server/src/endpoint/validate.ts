/**
 * Request checks as the service makes them, before an action runs: required members, types,
 * lengths and enumerations of the API reference (Step Functions API Reference, each action's
 * "Request Parameters"; which members are required also in @aws-sdk/client-sfn's schemas).
 */
import { ApiError, validation } from './errors';

export type Body = Record<string, unknown>;

/** API reference: names are 1-80 characters. */
export const MAX_NAME = 80;
/** API reference: ARNs are 1-256 characters (stateMachineArn, executionArn, roleArn, resourceArn). */
export const MAX_ARN = 256;
/** API reference, CreateStateMachine: definition "Maximum length of 1048576". */
export const MAX_DEFINITION = 1_048_576;
/** API reference, StartExecution: input "Maximum length of 262144" (UTF-8 bytes). */
export const MAX_INPUT = 262_144;
/** API reference: maxResults 0-1000; nextToken 1-1024; taskToken 1-2048; error 0-256; cause 0-32768. */
export const MAX_RESULTS = 1000;
export const MAX_NEXT_TOKEN = 1024;
export const MAX_TASK_TOKEN = 2048;
export const MAX_ERROR = 256;
export const MAX_CAUSE = 32_768;
/** API reference, Tag: key 1-128, value 0-256; at most 50 tags on a resource (TooManyTags). */
export const MAX_TAG_KEY = 128;
export const MAX_TAG_VALUE = 256;
export const MAX_TAGS = 50;

export function requireString(body: Body, field: string, max: number, min = 1): string {
  const v = body[field];
  if (v === undefined || v === null) throw validation(field, 'Member must not be null', null);
  return checkString(v, field, max, min);
}

export function optionalString(body: Body, field: string, max: number, min = 0): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  return checkString(v, field, max, min);
}

function checkString(v: unknown, field: string, max: number, min: number): string {
  if (typeof v !== 'string') throw new ApiError('SerializationException', `Expected a string for '${field}'.`);
  // Lengths of payloads count UTF-8 bytes (the API reference says so for input and output).
  const length = field === 'input' || field === 'output' || field === 'definition' ? Buffer.byteLength(v, 'utf8') : v.length;
  if (length > max) throw validation(field, `Member must have length less than or equal to ${max}`, length > 200 ? undefined : v);
  if (length < min) throw validation(field, `Member must have length greater than or equal to ${min}`, v);
  return v;
}

export function optionalInt(body: Body, field: string, min: number, max: number): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ApiError('SerializationException', `Expected an integer for '${field}'.`);
  if (v > max) throw validation(field, `Member must have value less than or equal to ${max}`, v);
  if (v < min) throw validation(field, `Member must have value greater than or equal to ${min}`, v);
  return v;
}

export function optionalBool(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new ApiError('SerializationException', `Expected a boolean for '${field}'.`);
  return v;
}

export function optionalEnum<T extends string>(body: Body, field: string, values: readonly T[]): T | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw validation(field, `Member must satisfy enum value set: [${values.join(', ')}]`, v);
  }
  return v as T;
}

/**
 * API reference, CreateStateMachine / StartExecution `name`: "A name must not contain: white
 * space, brackets < > { } [ ], wildcard characters ? *, special characters " # % \ ^ | ~ ` $ & , ; : /,
 * control characters (U+0000-001F, U+007F-009F)". The service answers InvalidName.
 */
const BAD_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

export function checkName(name: string): void {
  if (BAD_NAME.test(name)) throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
}

export interface Tag {
  key: string;
  value: string;
}

export function readTags(body: Body, field: string): Tag[] {
  const v = body[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new ApiError('SerializationException', `Expected a list for '${field}'.`);
  return v.map((t: unknown, i) => {
    const o = (t ?? {}) as Body;
    const key = requireString(o, 'key', MAX_TAG_KEY);
    const value = optionalString(o, 'value', MAX_TAG_VALUE) ?? '';
    void i;
    return { key, value };
  });
}
