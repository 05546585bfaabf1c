/** `asl-workbench debug-adapter`: the Debug Adapter Protocol on stdin/stdout (server/src/debug/). */
import { startDebugAdapter } from '../debug/main';
import type { Out } from './run';

const HELP = `Usage: asl-workbench debug-adapter

Speaks the Debug Adapter Protocol on stdin/stdout, for any DAP client (VS Code starts it itself).
Launch attributes: program (the state machine file), input or inputFile, mocks, testCase,
stateMachine, stopOnEntry, echoUnmocked, handlerTimeout (seconds), noHandlers, seed, cwd.
Breakpoints go on states (any line of a state's text); conditions are JSONata over $states and
the variables (or a JSONPath in JSONPath machines); step back re-runs to the earlier stop.`;

export function runDebugAdapter(argv: string[], stdout: Out): Promise<number> | number {
  if (argv.includes('--help') || argv.includes('-h')) {
    stdout.write(HELP + '\n');
    return 0;
  }
  startDebugAdapter();
  // The session ends the process itself (on disconnect, or when stdin closes).
  return new Promise<number>(() => undefined);
}
