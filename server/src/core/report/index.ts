export { awsResponse, locationOf, type AwsDiagnostic, type AwsValidationResponse } from './aws';
export { sarifLog, SARIF_SCHEMA, type SarifFile } from './sarif';
export { CODE_DESCRIPTIONS, type CodeDescription } from './codes';
