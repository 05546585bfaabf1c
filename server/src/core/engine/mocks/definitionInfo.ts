import type { Machine } from '../../model';
import { lambdaOfFunctionName, lambdaOfResource } from './lambda';
import type { DefinitionInfo } from './types';

/** The state machine's default name in a mock file: the file name without `.asl.json` / `.asl` / `.json`. */
export function machineNameOf(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '');
  return base.replace(/\.asl\.(json|ya?ml)$/i, '').replace(/\.(asl|json)$/i, '');
}

/** What the mock file check needs from a definition: its states and the functions it calls. */
export function definitionInfo(machine: Machine, machineName: string): DefinitionInfo {
  const states: DefinitionInfo['states'] = new Map();
  const lambdaFunctions = new Set<string>();
  for (const s of machine.states) {
    if (states.has(s.name)) continue;
    const { tree, index: node } = s;
    states.set(s.name, { type: s.type, hasItemReader: s.type === 'Map' && tree.get(node, 'ItemReader') >= 0 });
    if (s.type !== 'Task') continue;
    const resource = tree.scalar(tree.get(node, 'Resource'));
    if (typeof resource !== 'string') continue;
    const plain = lambdaOfResource(resource);
    if (plain) {
      lambdaFunctions.add(plain.functionName);
      continue;
    }
    for (const field of ['Parameters', 'Arguments']) {
      const fn = lambdaOfFunctionName(tree.scalar(tree.get(tree.get(node, field), 'FunctionName')));
      if (fn) lambdaFunctions.add(fn.functionName);
    }
  }
  return { machineName, states, lambdaFunctions };
}
