/** Identifiers shared by the client modules; they must match `contributes` in package.json. */
export const LANGUAGE_ID = 'asl';
/** `.asl.yaml` / `.asl.yml` machines (the AWS Toolkit's id for them). */
export const YAML_LANGUAGE_ID = 'asl-yaml';
/** Settings section, and the LanguageClient id (so `aslWorkbench.trace.server` is honoured). */
export const SECTION = 'aslWorkbench';
export const DISPLAY_NAME = 'ASL Workbench';
export const Commands = {
  restartServer: 'aslWorkbench.restartServer',
  convert: 'aslWorkbench.convert',
  /** Built-in: View > Problems. */
  showProblems: 'workbench.actions.view.problems',
} as const;

/**
 * The yaml/json files the server is sent to look for state machines in (it sniffs their text and
 * answers nothing for those without one): SAM and CloudFormation templates, CDK output and
 * Serverless files by their usual names, not every YAML or JSON file of the workspace.
 */
export const TEMPLATE_PATTERNS = [
  '**/*template*.{yaml,yml,json}',
  '**/serverless.{yml,yaml}',
  '**/cdk.out/*.template.json',
  '**/*.{cfn,cloudformation,sam}.{yaml,yml,json}',
] as const;
