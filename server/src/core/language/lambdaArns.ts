/** Lambda function ARNs written in a text, for completion across the workspace's ASL files. */

const LAMBDA_ARN = /arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(?::[A-Za-z0-9_$-]+)?/g;

/** Every distinct Lambda function ARN in the text, in order of first appearance (a plain scan: no parse needed). */
export function lambdaArnsIn(text: string): string[] {
  if (!text.includes(':lambda:')) return [];
  return [...new Set(text.match(LAMBDA_ARN) ?? [])];
}
