/** The ARNs the endpoint makes and reads (one account and region: the engine's). */
import { invalidArn } from './errors';

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';
const PREFIX = `arn:aws:states:`;

export const machineArn = (name: string) => `${PREFIX}${REGION}:${ACCOUNT}:stateMachine:${name}`;
export const executionArn = (machine: string, name: string) => `${PREFIX}${REGION}:${ACCOUNT}:execution:${machine}:${name}`;

const MACHINE = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:([^:#]+)(?::([^:#]+))?$/;
const EXECUTION = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(?:execution|express):([^:]+):([^:]+)(?::[^:]+)?$/;

/**
 * A state machine ARN, the version or alias qualifier dropped (a qualified ARN describes and
 * starts the machine itself: there is one revision here), and a Step Functions Local test case
 * after `#`.
 */
export function readMachineArn(arn: string): { arn: string; name: string; qualifier?: string; testCase?: string } {
  const hash = arn.indexOf('#');
  const base = hash >= 0 ? arn.slice(0, hash) : arn;
  const m = MACHINE.exec(base);
  if (!m) throw invalidArn(arn);
  return { arn: machineArn(m[1]), name: m[1], qualifier: m[2], testCase: hash >= 0 ? arn.slice(hash + 1) : undefined };
}

export function readExecutionArn(arn: string): string {
  const m = EXECUTION.exec(arn);
  if (!m) throw invalidArn(arn);
  return executionArn(m[1], m[2]);
}
