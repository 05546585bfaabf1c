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
