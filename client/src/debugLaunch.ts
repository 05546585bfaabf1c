/**
 * The launch configuration the "Debug" command starts (no vscode here, tested in node): the file
 * as "program", a template's machine as "machine", stopped on entry so the user sees where it starts.
 */

export const DEFAULT_DEBUG_NAME = 'Debug state machine';

export interface MachineLaunch {
  type: string;
  request: 'launch';
  name: string;
  program: string;
  stopOnEntry: boolean;
  machine?: string;
}

/** `program`: the file's path; `machine`: a template's state machine (logical ID). */
export function machineLaunch(type: string, program: string, machine?: string): MachineLaunch {
  const config: MachineLaunch = {
    type,
    request: 'launch',
    name: machine === undefined ? DEFAULT_DEBUG_NAME : `Debug ${machine}`,
    program,
    stopOnEntry: true,
  };
  if (machine !== undefined) config.machine = machine;
  return config;
}
