/**
 * The errors of the Step Functions API as the AWS JSON 1.0 protocol sends them: a JSON body
 * `{ "__type": name, "message": text }` and the HTTP status of the error's shape. In the SDK's
 * model (@aws-sdk/client-sfn, schemas_0.js) every error is a client error with no httpError
 * trait, which the protocol sends as 400, except ConflictException (409), ResourceNotFound (404)
 * and ServiceQuotaExceededException (402).
 */

export const HTTP_STATUS: Record<string, number> = {
  ConflictException: 409,
  ResourceNotFound: 404,
  ServiceQuotaExceededException: 402,
};
const CLIENT_ERROR = 400;

export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = HTTP_STATUS[type] ?? CLIENT_ERROR,
  ) {
    super(message);
  }

  body(): { __type: string; message: string } {
    return { __type: this.type, message: this.message };
  }
}

// The texts of AWS's answers: "State Machine Does Not Exist: '<arn>'" (a recorded cause,
// localstack/localstack#9970), "Execution Does Not Exist: '<arn>'" (nasa/cumulus#3803), and
// "Invalid State Machine Definition: '<CODE>: <message> at <location>, ...'"
// (localstack/localstack#12487, an AWS CLI transcript).
export const noStateMachine = (arn: string) => new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
export const noExecution = (arn: string) => new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
export const executionExists = (arn: string) => new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
export const stateMachineExists = (arn: string) => new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
export const invalidArn = (arn: string) => new ApiError('InvalidArn', `Invalid Arn: '${arn}'`);
export const invalidToken = (why: string) => new ApiError('InvalidToken', why);
export const noTask = (token: string) => new ApiError('TaskDoesNotExist', `Task Does Not Exist: '${token}'`);

/**
 * The validation message of AWS's JSON services: "1 validation error detected: Value 'x' at
 * 'name' failed to satisfy constraint: Member must have length less than or equal to 80" (an
 * AWS answer to StartExecution, getmoto/moto#6438).
 */
export function validation(field: string, constraint: string, value?: unknown): ApiError {
  const shown =
    value === undefined
      ? 'Value'
      : value === null
        ? 'Value null'
        : `Value '${String(value).length > 100 ? String(value).slice(0, 100) + '...' : String(value)}'`;
  return new ApiError(
    'ValidationException',
    `1 validation error detected: ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}
