/** Lambda function ARNs: recognising one, and finding those written in a text (for completion across the workspace). */

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$/;
const LAMBDA_ARNS = /arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?/g;

/** A Lambda function ARN, with an optional version or alias. */
export function isLambdaFunctionArn(value: unknown): value is string {
  return typeof value === 'string' && LAMBDA_ARN.test(value);
}

/** Every distinct Lambda function ARN in the text, in order of first appearance (a plain scan: no parse needed). */
export function lambdaArnsIn(text: string): string[] {
  if (!text.includes(':lambda:')) return [];
  return [...new Set(text.match(LAMBDA_ARNS) ?? [])];
}
