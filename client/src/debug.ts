/**
 * Debug type `asl`: the extension starts the bundled adapter (dist/debug-adapter.js) as a Node
 * process, fills a launch configuration from the open file when there is none (F5 on an
 * .asl.json just works), and offers "ASL: Debug State Machine". Handler code runs only in a
 * trusted workspace, as with the graph panel's runs.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID, YAML_LANGUAGE_ID } from './constants';
import { findMockFiles } from './panel/mocks';
import { DEBUG_MACHINE_COMMAND } from '../../protocol/debug';
import { DEFAULT_DEBUG_NAME as DEFAULT_NAME, machineLaunch } from './debugLaunch';

export const DEBUG_TYPE = 'asl';
export const DEBUG_COMMAND = DEBUG_MACHINE_COMMAND;

export function registerDebugger(extensionUri: vscode.Uri): vscode.Disposable {
  const adapter = vscode.Uri.joinPath(extensionUri, 'dist', 'debug-adapter.js').fsPath;
  const factory: vscode.DebugAdapterDescriptorFactory = {
    // The extension host's own runtime: Node in code-server, Electron run as Node on the desktop.
    createDebugAdapterDescriptor: () =>
      new vscode.DebugAdapterExecutable(process.execPath, [adapter], { env: { ELECTRON_RUN_AS_NODE: '1' } }),
  };
  const provider: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations: () => [{ type: DEBUG_TYPE, request: 'launch', name: DEFAULT_NAME, program: '${file}', stopOnEntry: true }],
    resolveDebugConfiguration: (_folder, config) => resolveConfiguration(config),
  };
  return vscode.Disposable.from(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, factory),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, provider),
    // (uri, machine): a template's CodeLens passes the document as a string and the machine's logical ID.
    vscode.commands.registerCommand(DEBUG_COMMAND, (uri?: vscode.Uri | string, machine?: unknown) =>
      debugFile(
        typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : undefined,
        typeof machine === 'string' ? machine : undefined,
      ),
    ),
  );
}

/** Fills what F5 without a launch.json leaves out: the open state machine, its mock file, the trust. */
async function resolveConfiguration(config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
  const editor = vscode.window.activeTextEditor;
  const isMachine = (doc: vscode.TextDocument | undefined) => doc?.languageId === LANGUAGE_ID || doc?.languageId === YAML_LANGUAGE_ID;
  if (!config.type && !config.request && !config.name) {
    if (!editor || !isMachine(editor.document)) return config;
    config = { type: DEBUG_TYPE, request: 'launch', name: DEFAULT_NAME, program: editor.document.uri.fsPath };
  }
  if (!config.program) {
    if (!editor || !isMachine(editor.document)) {
      void vscode.window.showErrorMessage(
        'ASL: open a state machine (.asl.json, .asl.yaml) to debug, or set "program" (and "machine" for a template) in launch.json.',
      );
      return undefined;
    }
    config.program = editor.document.uri.fsPath;
  }
  if (config.mocks === undefined && typeof config.program === 'string' && !config.program.includes('${')) {
    const mocks = await findMockFiles(vscode.Uri.file(config.program)).catch(() => []);
    // Only a file with test cases for this machine is taken; else the adapter looks beside the program.
    if (mocks[0]?.testCases.length) {
      config.mocks = vscode.Uri.parse(mocks[0].uri).fsPath;
      // F5 with no input runs the first test case (its input and mocked answers), not an empty input.
      if (config.input === undefined && config.inputFile === undefined && config.testCase === undefined)
        config.testCase = mocks[0].testCases[0].name;
    }
  }
  if (!vscode.workspace.isTrusted) config.noHandlers = true;
  return config;
}

/** Debugs a machine file, or one machine of a template (`machine`: its logical ID). */
async function debugFile(uri: vscode.Uri | undefined, machine: string | undefined): Promise<void> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showErrorMessage('ASL: open a state machine (.asl.json) to debug.');
    return;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  if (doc?.isDirty) await doc.save();
  const config: vscode.DebugConfiguration = machineLaunch(DEBUG_TYPE, target.fsPath, machine);
  await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(target), config);
}
