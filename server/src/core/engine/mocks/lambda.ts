/**
 * How a Task reaches a Lambda function, and how AWS reports what the function did: the
 * `lambda:invoke` response wrapper and the error a failed function gives the Task. Pure.
 */
import { CharCode } from '../../chars';

export interface LambdaTarget {
  functionName: string;
  /** Version or alias after the name, e.g. "$LATEST", "3", "live". */
  qualifier?: string;
  /** The function's ARN (with qualifier when given); account and region filled in when only a name was written. */
  arn: string;
}

const NAME = '([A-Za-z0-9_-]{1,64})';
const QUALIFIER = '(\\$LATEST|[A-Za-z0-9_-]{1,128})';
/** `arn:aws:lambda:us-east-1:123456789012:function:Name[:qualifier]` */
const FUNCTION_ARN = new RegExp(`^arn:([^:]+):lambda:([^:]*):([^:]*):function:${NAME}(?::${QUALIFIER})?$`);
/** `123456789012:function:Name[:qualifier]` (a partial ARN, accepted by Invoke's FunctionName) */
const PARTIAL_ARN = new RegExp(`^(\\d{12}):function:${NAME}(?::${QUALIFIER})?$`);
/** `Name[:qualifier]` */
const BARE_NAME = new RegExp(`^${NAME}(?::${QUALIFIER})?$`);
/** The optimized integration (request-response, or waiting for a task token). */
const LAMBDA_INVOKE = /^arn:[^:]+:states:::lambda:invoke(\.waitForTaskToken)?$/;

const DEFAULT_REGION = 'us-east-1';
const DEFAULT_ACCOUNT = '123456789012';

function arnOf(partition: string, region: string, account: string, name: string, qualifier: string | undefined): string {
  return `arn:${partition}:lambda:${region || DEFAULT_REGION}:${account || DEFAULT_ACCOUNT}:function:${name}${qualifier ? `:${qualifier}` : ''}`;
}

/** The function a plain Lambda ARN `Resource` names, or undefined for any other resource. */
export function lambdaOfResource(resource: string): LambdaTarget | undefined {
  const m = FUNCTION_ARN.exec(resource);
  return m ? { functionName: m[4], qualifier: m[5], arn: arnOf(m[1], m[2], m[3], m[4], m[5]) } : undefined;
}

/** Reads Invoke's `FunctionName`: a name, `name:qualifier`, a partial ARN or a full ARN. */
export function lambdaOfFunctionName(value: unknown): LambdaTarget | undefined {
  if (typeof value !== 'string') return undefined;
  const full = lambdaOfResource(value);
  if (full) return full;
  let m = PARTIAL_ARN.exec(value);
  if (m) return { functionName: m[2], qualifier: m[3], arn: arnOf('aws', '', m[1], m[2], m[3]) };
  m = BARE_NAME.exec(value);
  if (m) return { functionName: m[1], qualifier: m[2], arn: arnOf('aws', '', '', m[1], m[2]) };
  return undefined;
}

export function isLambdaInvoke(resource: string): boolean {
  return LAMBDA_INVOKE.test(resource);
}

export function waitsForTaskToken(resource: string): boolean {
  return resource.endsWith('.waitForTaskToken');
}

/**
 * The function a Task calls, from its resource and effective parameters: a plain function ARN,
 * or `lambda:invoke` with `FunctionName`. `via` says which, since the two report differently.
 */
export function lambdaTargetOf(resource: string, payload: unknown): { target: LambdaTarget; via: 'arn' | 'invoke' } | undefined {
  const plain = lambdaOfResource(resource);
  if (plain) return { target: plain, via: 'arn' };
  if (!isLambdaInvoke(resource) || !payload || typeof payload !== 'object') return undefined;
  const target = lambdaOfFunctionName((payload as Record<string, unknown>).FunctionName);
  return target ? { target, via: 'invoke' } : undefined;
}

/** What Lambda puts in the response payload when a function fails (the Node.js runtime's shape). */
export interface LambdaError {
  errorType?: string;
  errorMessage?: string;
  trace?: string[];
}

/**
 * The Task error for a failed function: Step Functions names the error after `errorType`
 * (`Lambda.Unknown` when the function gave none) and puts the whole error payload, as JSON,
 * in the cause. Both ways of calling a function report it the same way.
 */
export function taskErrorOf(error: LambdaError): { error: string; cause: string } {
  return { error: error.errorType || 'Lambda.Unknown', cause: JSON.stringify(error) };
}

export interface InvokeMetadata {
  /** Request id for the response headers and metadata. */
  requestId: string;
  /** When the call happened, for the Date header. */
  date: Date;
}

/**
 * The `lambda:invoke` result as AWS returns it for a synchronous call (the shape a Task sees
 * before ResultSelector/OutputPath; most definitions keep `$.Payload`).
 */
export function invokeResponse(target: LambdaTarget, payload: unknown, meta: InvokeMetadata): Record<string, unknown> {
  const executedVersion = target.qualifier && /^\d+$/.test(target.qualifier) ? target.qualifier : '$LATEST';
  const body = JSON.stringify(payload === undefined ? null : payload);
  const length = String(utf8Length(body));
  const date = meta.date.toUTCString();
  const traceId = `Root=1-${Math.floor(meta.date.getTime() / 1000).toString(16)}-${meta.requestId.replace(/-/g, '').slice(0, 24)};Sampled=0`;
  return {
    ExecutedVersion: executedVersion,
    Payload: payload === undefined ? null : payload,
    SdkHttpMetadata: {
      AllHttpHeaders: {
        'X-Amz-Executed-Version': [executedVersion],
        'x-amzn-Remapped-Content-Length': ['0'],
        Connection: ['keep-alive'],
        'x-amzn-RequestId': [meta.requestId],
        'Content-Length': [length],
        Date: [date],
        'X-Amzn-Trace-Id': [traceId],
        'Content-Type': ['application/json'],
      },
      HttpHeaders: {
        Connection: 'keep-alive',
        'Content-Length': length,
        'Content-Type': 'application/json',
        Date: date,
        'X-Amz-Executed-Version': executedVersion,
        'x-amzn-Remapped-Content-Length': '0',
        'x-amzn-RequestId': meta.requestId,
        'X-Amzn-Trace-Id': traceId,
      },
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: meta.requestId },
    StatusCode: 200,
  };
}

/** The result of an asynchronous (`InvocationType: "Event"`) or dry-run invoke: no payload. */
export function acceptedResponse(statusCode: 202 | 204, meta: InvokeMetadata): Record<string, unknown> {
  const date = meta.date.toUTCString();
  return {
    Payload: '',
    SdkHttpMetadata: {
      AllHttpHeaders: { 'x-amzn-RequestId': [meta.requestId], 'Content-Length': ['0'], Date: [date], Connection: ['keep-alive'] },
      HttpHeaders: { Connection: 'keep-alive', 'Content-Length': '0', Date: date, 'x-amzn-RequestId': meta.requestId },
      HttpStatusCode: statusCode,
    },
    SdkResponseMetadata: { RequestId: meta.requestId },
    StatusCode: statusCode,
  };
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < CharCode.FirstNonAscii) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= CharCode.HighSurrogateFirst && c <= CharCode.HighSurrogateLast) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
