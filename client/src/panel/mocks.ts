/**
 * The mock files the panel offers: `*mock*.json` in the workspace, with the test cases they have
 * for the document's state machine (named after the file, as `asl-workbench run` does).
 * Read from their open editors, else through vscode.workspace.fs (so it works in remote and web hosts too).
 */
import * as vscode from 'vscode';
import type { MockFileInfo } from '../../../protocol/panel';
import { editorText } from './editorText';

const MAX_FILES = 200;
const MAX_BYTES = 5_000_000;

/** The state machine's name in mock files: the file name without `.asl.json`. */
export function machineNameOf(uri: vscode.Uri): string {
  const base = uri.path.replace(/^.*\//, '');
  return base.replace(/\.asl\.json$/i, '').replace(/\.(asl|json)$/i, '');
}

export async function findMockFiles(document: vscode.Uri): Promise<MockFileInfo[]> {
  const found = await vscode.workspace.findFiles('**/*mock*.json', '**/node_modules/**', MAX_FILES);
  const machine = machineNameOf(document);
  const folder = document.path.replace(/\/[^/]*$/, '/');
  const out: (MockFileInfo & { near: boolean; mentions: boolean })[] = [];
  for (const uri of found) {
    let testCases: MockFileInfo['testCases'] = [];
    let mentions = false;
    try {
      // An open editor's text, unsaved test cases included (a run reads the same).
      const text = await editorText(uri.toString(), vscode.workspace.textDocuments, () => vscode.workspace.fs.readFile(uri), MAX_BYTES);
      if (text === undefined) continue;
      const json = JSON.parse(text) as {
        StateMachines?: Record<string, { TestCases?: Record<string, { $test?: { Input?: unknown } }> }>;
      };
      const cases = json?.StateMachines?.[machine]?.TestCases;
      mentions = cases !== undefined;
      if (cases && typeof cases === 'object') {
        testCases = Object.entries(cases).map(([name, c]) => {
          const input = c && typeof c === 'object' && c.$test && 'Input' in c.$test ? JSON.stringify(c.$test.Input, null, 2) : undefined;
          return input === undefined ? { name } : { name, input };
        });
      }
    } catch {
      // Not JSON yet (being typed): listed without test cases; the server reports its errors on a run.
    }
    out.push({ uri: uri.toString(), label: vscode.workspace.asRelativePath(uri), testCases, near: uri.path.startsWith(folder), mentions });
  }
  // The files written for this machine first, then those beside it, then the rest by path.
  out.sort((a, b) => Number(b.mentions) - Number(a.mentions) || Number(b.near) - Number(a.near) || a.label.localeCompare(b.label));
  return out.map(({ uri, label, testCases }) => ({ uri, label, testCases }));
}
