/**
 * "ASL: Convert to YAML/JSON": the active machine written in the other syntax (by the language
 * server, from its parse) into the sibling file (`x.asl.json` <-> `x.asl.yaml`), which is opened.
 * An existing file is only replaced after the user says so.
 */
import * as vscode from 'vscode';
import { CONVERT_REQUEST, type ConvertAnswer, type ConvertParams } from '../../protocol/convert';
import { Commands, LANGUAGE_ID, YAML_LANGUAGE_ID } from './constants';
import type { ServerController } from './server';

/** The sibling file's name in the other syntax. */
export function convertedName(path: string, to: 'yaml' | 'json'): string {
  const base = path.replace(/\.asl\.(json|ya?ml)$/i, '').replace(/\.(json|ya?ml|asl)$/i, '');
  return `${base}.asl.${to}`;
}

export function registerConvert(server: ServerController): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.convert, async () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || (doc.languageId !== LANGUAGE_ID && doc.languageId !== YAML_LANGUAGE_ID)) {
      void vscode.window.showInformationMessage('Open an Amazon States Language file (*.asl.json or *.asl.yaml) to convert it.');
      return;
    }
    const to = doc.languageId === YAML_LANGUAGE_ID ? 'json' : 'yaml';
    const params: ConvertParams = { uri: doc.uri.toString(), to };
    let answer: ConvertAnswer;
    try {
      answer = await server.sendRequest<ConvertAnswer>(CONVERT_REQUEST, params);
    } catch (err) {
      void vscode.window.showErrorMessage(`Convert: ${(err as Error)?.message ?? String(err)}`);
      return;
    }
    if (!answer.ok) {
      void vscode.window.showErrorMessage(`Convert: ${answer.reason}`);
      return;
    }
    if (doc.isUntitled) {
      const opened = await vscode.workspace.openTextDocument({
        language: to === 'yaml' ? YAML_LANGUAGE_ID : LANGUAGE_ID,
        content: answer.text,
      });
      await vscode.window.showTextDocument(opened);
    } else {
      const target = doc.uri.with({ path: convertedName(doc.uri.path, to) });
      let exists = true;
      try {
        await vscode.workspace.fs.stat(target);
      } catch {
        exists = false;
      }
      if (exists) {
        const name = target.path.replace(/^.*\//, '');
        const choice = await vscode.window.showWarningMessage(
          `${name} exists. Replace it with the converted definition?`,
          { modal: true },
          'Replace',
        );
        if (choice !== 'Replace') return;
      }
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(answer.text));
      await vscode.window.showTextDocument(target);
    }
    for (const note of answer.notes) void vscode.window.showInformationMessage(`Convert: ${note}`);
  });
}
