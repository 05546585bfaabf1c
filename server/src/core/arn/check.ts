import { closest } from '../suggest';
import { findIntegration, integrationActions, integrationServices, type Pattern } from './integrations';

export interface ArnProblem {
  /** Index range within the ARN string. */
  from: number;
  to: number;
  message: string;
  severity?: 'warning';
}

const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];
const REGION = /^[a-z]{2}(-gov|-iso|-isob|-isoe|-isof)?-[a-z]+-\d{1,2}$/;
const ACCOUNT = /^\d{12}$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const QUALIFIER = /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/;
const ACTIVITY_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
const SDK_ACTION = /^[a-z][A-Za-z0-9]*$/;
const SDK_SERVICE = /^[a-z][a-z0-9.-]*$/;

/** A segment holding a `${...}` substitution (replaced by NUL before splitting) passes any check. */
const HOLE = '\u0000';

/**
 * Checks a Task `Resource`. Returns the first problem found, located within the string.
 * `placeholders`: `${...}` parts stand for unknown text and are accepted.
 */
export function checkResourceArn(arn: string, placeholders: boolean): ArnProblem | undefined {
  let s = arn;
  if (placeholders && arn.includes('${')) {
    // Keep indices stable: replace each substitution with HOLE characters of the same length.
    s = arn.replace(/\$\{[^}]*\}/g, (m) => HOLE.repeat(m.length));
    if (/^\u0000+$/.test(s)) return undefined;
  }
  const parts = s.split(':');
  const starts: number[] = [];
  let pos = 0;
  for (const p of parts) {
    starts.push(pos);
    pos += p.length + 1;
  }
  const seg = (k: number) => ({ from: starts[k] ?? s.length, to: (starts[k] ?? s.length) + (parts[k]?.length ?? 0) });
  const ok = (k: number, re: RegExp) => parts[k] !== undefined && (parts[k].includes(HOLE) || re.test(parts[k]));
  const problem = (k: number, message: string, severity?: 'warning'): ArnProblem => {
    const r = seg(k);
    return { from: r.from, to: Math.max(r.to, r.from + 1), message, severity };
  };

  if (parts[0] !== 'arn' && !parts[0].includes(HOLE)) {
    return {
      from: 0,
      to: Math.max(1, parts[0].length),
      message: `A Resource must be an ARN starting with "arn:", e.g. "arn:aws:states:::lambda:invoke".`,
    };
  }
  if (parts.length < 6) {
    return {
      from: 0,
      to: arn.length,
      message: `Incomplete ARN: expected "arn:partition:service:region:account:resource", e.g. "arn:aws:lambda:us-east-1:123456789012:function:MyFunction".`,
    };
  }
  if (!ok(1, /^x/) && !PARTITIONS.includes(parts[1])) {
    return problem(1, `Unknown partition "${parts[1]}": expected one of ${PARTITIONS.slice(0, 3).join(', ')}.`);
  }
  const service = parts[2];
  if (service === 'lambda') return checkLambda(parts, ok, problem);
  if (service === 'states') {
    if (parts[3] === '' && parts[4] === '') return checkIntegration(parts, seg, problem);
    if (parts[5] === 'activity') {
      if (!ok(3, REGION)) return problem(3, `"${parts[3]}" is not a region (e.g. "us-east-1").`);
      if (!ok(4, ACCOUNT)) return problem(4, `The account ID must be 12 digits, not "${parts[4]}".`);
      if (parts.length !== 7 || !ok(6, ACTIVITY_NAME))
        return problem(6, `An activity ARN ends with ":activity:NAME" (1-80 characters, no spaces or special characters).`);
      return undefined;
    }
    if (parts[3] === '' || parts[4] === '') {
      return problem(
        parts[3] === '' ? 4 : 3,
        `A service integration ARN has an empty region and account: "arn:aws:states:::SERVICE:ACTION".`,
      );
    }
    return problem(
      5,
      `"${parts[5]}" is not a Step Functions resource: use "arn:aws:states:::SERVICE:ACTION" for a service integration or "...:activity:NAME" for an activity.`,
    );
  }
  if (service.includes(HOLE)) return undefined;
  return problem(
    2,
    `A Task Resource must be a Lambda function ARN, an activity ARN, or a service integration "arn:aws:states:::SERVICE:ACTION"; "${service}" ARNs cannot be called directly${service === 'sns' || service === 'sqs' || service === 'dynamodb' ? ` (use "arn:aws:states:::${service}:...")` : ''}.`,
  );
}

type Ok = (k: number, re: RegExp) => boolean;
type Problem = (k: number, message: string, severity?: 'warning') => ArnProblem;

function checkLambda(parts: string[], ok: Ok, problem: Problem): ArnProblem | undefined {
  if (!ok(3, REGION)) return problem(3, `"${parts[3]}" is not a region (e.g. "us-east-1").`);
  if (!ok(4, ACCOUNT)) return problem(4, `The account ID must be 12 digits, not "${parts[4]}".`);
  if (parts[5] !== 'function' && !parts[5].includes(HOLE))
    return problem(5, `A Lambda ARN continues with ":function:NAME", not ":${parts[5]}:".`);
  if (parts.length < 7 || parts[6] === '') return problem(5, 'The Lambda function name is missing after ":function:".');
  if (!ok(6, FUNCTION_NAME))
    return problem(6, `"${parts[6]}" is not a valid Lambda function name (1-64 letters, digits, hyphens or underscores).`);
  if (parts.length > 8) return problem(8, 'A Lambda ARN has at most one qualifier (":VERSION" or ":ALIAS") after the function name.');
  if (parts.length === 8 && !ok(7, QUALIFIER))
    return problem(7, `"${parts[7]}" is not a valid version or alias (digits, "$LATEST", or an alias name).`);
  return undefined;
}

function checkIntegration(parts: string[], seg: (k: number) => { from: number; to: number }, problem: Problem): ArnProblem | undefined {
  // arn:aws:states:::SERVICE:ACTION[.PATTERN] — ACTION may carry ".sync:2", which split on ':'.
  const service = parts[5];
  if (service === undefined || service === '') return problem(5, 'The service name is missing: "arn:aws:states:::SERVICE:ACTION".');
  if (service.includes(HOLE)) return undefined;
  if (service === 'aws-sdk') {
    const sdkService = parts[6];
    if (!sdkService) return problem(5, 'An AWS SDK integration reads "arn:aws:states:::aws-sdk:SERVICE:ACTION".');
    if (!sdkService.includes(HOLE) && !SDK_SERVICE.test(sdkService))
      return problem(6, `"${sdkService}" is not an AWS SDK service name (lower case, e.g. "s3", "dynamodb").`);
    const rest = parts.slice(7).join(':');
    if (!rest) return problem(6, `The action is missing: "arn:aws:states:::aws-sdk:${sdkService}:ACTION".`);
    const { action, pattern } = splitPattern(rest);
    const from = seg(7).from;
    if (pattern === '.sync' || pattern === '.sync:2') {
      return {
        from: from + action.length,
        to: from + rest.length,
        message: 'AWS SDK integrations do not support ".sync"; use request-response or ".waitForTaskToken".',
      };
    }
    if (pattern === undefined)
      return {
        from: from + action.length,
        to: from + rest.length,
        message: `Unknown integration pattern "${rest.slice(action.length)}": use ".waitForTaskToken" or nothing.`,
      };
    if (!action.includes(HOLE) && !SDK_ACTION.test(action)) {
      return {
        from,
        to: from + action.length,
        message: `"${action}" is not an SDK action name: AWS SDK integrations use the camelCase API name, e.g. "getObject", "putItem".`,
      };
    }
    return undefined;
  }
  const known = integrationServices();
  if (!known.includes(service)) {
    const guess = closest(service, known);
    return problem(
      5,
      `"${service}" is not an optimized service integration.${guess ? ` Did you mean "${guess}"?` : ''} For other services use "arn:aws:states:::aws-sdk:${service}:ACTION".`,
    );
  }
  const rest = parts.slice(6).join(':');
  if (!rest) return problem(5, `The action is missing: "arn:aws:states:::${service}:ACTION".`);
  const { action, pattern } = splitPattern(rest);
  const from = seg(6).from;
  if (action.includes(HOLE)) return undefined;
  const it = findIntegration(service, action);
  if (!it) {
    const actions = integrationActions(service);
    const guess = closest(action, actions);
    return {
      from,
      to: from + action.length,
      message: `"${action}" is not an optimized ${service} integration.${guess ? ` Did you mean "${guess}"?` : ` Supported: ${actions.join(', ')}.`} For any other API use "arn:aws:states:::aws-sdk:${service}:${action}".`,
    };
  }
  if (pattern === undefined || !it.patterns.includes(pattern)) {
    const allowed = it.patterns.map((p) => (p === '' ? 'request-response (no suffix)' : `"${p}"`)).join(', ');
    return {
      from: from + action.length,
      to: from + rest.length,
      message: `${service}:${action} does not support "${rest.slice(action.length)}"; it supports ${allowed}.`,
    };
  }
  return undefined;
}

function splitPattern(rest: string): { action: string; pattern: Pattern | undefined } {
  const dot = rest.indexOf('.');
  if (dot < 0) return { action: rest, pattern: '' };
  const suffix = rest.slice(dot);
  const pattern = (['.sync', '.sync:2', '.waitForTaskToken'] as const).find((p) => p === suffix);
  return { action: rest.slice(0, dot), pattern };
}
