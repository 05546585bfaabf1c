/** TestState's request and response, as the SDK model (@aws-sdk/client-sfn TestStateInput/Output) has them. */
import type { TaskInvoker } from './types';

/** TestState's inspectionLevel: INFO (the output only), DEBUG (the data flow), TRACE (and HTTP). */
export type Level = 'INFO' | 'DEBUG' | 'TRACE';

export type TestExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

/** The TestState request body (AWS CLI `--cli-input-json` shape); JSON fields are strings, as AWS takes them. */
export interface TestStateRequest {
  definition: string | Record<string, unknown>;
  roleArn?: string;
  input?: string;
  inspectionLevel?: Level;
  revealSecrets?: boolean;
  variables?: string;
  stateName?: string;
  mock?: { result?: string; errorOutput?: { error?: string; cause?: string }; fieldValidationMode?: 'STRICT' | 'PRESENT' | 'NONE' };
  context?: string;
  stateConfiguration?: {
    retrierRetryCount?: number;
    errorCausedByState?: string;
    mapIterationFailureCount?: number;
    mapItemReaderData?: string;
  };
}

export interface InspectionData {
  input?: string;
  afterArguments?: string;
  afterInputPath?: string;
  afterParameters?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  errorDetails?: { catchIndex?: number; retryIndex?: number; retryBackoffIntervalSeconds?: number };
  afterItemsPath?: string;
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

export interface TestStateResponse {
  output?: string;
  error?: string;
  cause?: string;
  inspectionData?: InspectionData;
  nextState?: string;
  status: TestExecutionStatus;
}

/** AWS answers a malformed request with an HTTP 400 of this name, not a response. */
export class TestStateRequestError extends Error {
  constructor(
    readonly code: 'ValidationException' | 'InvalidDefinition',
    message: string,
  ) {
    super(message);
  }
}

export interface TestStateOptions {
  /** Answers a Task that has no mock in the request (local handlers, a mock file). */
  invoker?: TaskInvoker;
  wallTimeMs?: number;
}
