/**
 * Cheap sniffing: does a JSON or YAML text hold a state machine inside an infrastructure template?
 * Runs on every yaml/json document the editor opens, so it reads the text with a few string
 * searches and parses nothing; a document that says no gets nothing from us.
 */

/** The kinds of host file we read machines from. */
export type TemplateKind = 'cloudformation' | 'serverless';

/** The resource types that are state machines (CloudFormation and SAM; CDK synthesizes the first). */
export const STATE_MACHINE_TYPES = ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'] as const;

const SERVERLESS_KEY = /^stepFunctions[ \t]*:/m;
const SERVERLESS_FILE = /(^|[\\/])serverless\.ya?ml$/i;

/**
 * The kind of template `text` is, when it holds a state machine; undefined otherwise. `fileName`
 * (optional) lets a Serverless file be told by its name; its content decides otherwise.
 */
export function sniffTemplate(text: string, fileName?: string): TemplateKind | undefined {
  for (const type of STATE_MACHINE_TYPES) if (text.includes(type)) return 'cloudformation';
  // The serverless-step-functions plugin reads `stepFunctions.stateMachines` at the top level.
  if (
    SERVERLESS_KEY.test(text) &&
    text.includes('stateMachines') &&
    (fileName === undefined || SERVERLESS_FILE.test(fileName) || /^service[ \t]*:/m.test(text))
  )
    return 'serverless';
  return undefined;
}

/** True for a text that is JSON rather than YAML (a template's first character says so). */
export function looksLikeJson(text: string): boolean {
  const m = /\S/.exec(text);
  return m !== null && (m[0] === '{' || m[0] === '[');
}
