/** A definition checked as CreateStateMachine and ValidateStateMachineDefinition check it. */
import { analyze } from '../core';
import { awsResponse, type AwsValidationResponse } from '../core/report';
import { ApiError } from './errors';
import type { MachineType } from './store';

export function validateDefinition(definition: string, type: MachineType): AwsValidationResponse {
  // What reaches the API is final: SAM, CDK and Terraform substitute ${...} placeholders before they call it.
  const a = analyze(definition, { machineType: type, placeholders: false });
  return awsResponse(a.doc.tree, definition, a.diagnostics);
}

/**
 * InvalidDefinition as AWS words it: "Invalid State Machine Definition: 'CODE: message at
 * /location, CODE: message at /location'" (an AWS CLI transcript, localstack/localstack#12487).
 */
export function requireValidDefinition(definition: string, type: MachineType): void {
  const r = validateDefinition(definition, type);
  if (r.result === 'OK') return;
  const parts = r.diagnostics
    .filter((d) => d.severity === 'ERROR')
    .map((d) => `${d.code}: ${d.message}${d.location ? ` at ${d.location}` : ''}`);
  throw new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${parts.join(', ')}'`);
}
