import * as vscode from 'vscode';
import { Commands, LANGUAGE_ID, YAML_LANGUAGE_ID } from './constants';
import { statusText, type ProblemCounts, type ServerStatus } from './statusText';

/**
 * One status bar item: the server state and the problem counts of the active `asl` editor.
 * Shown only while an `asl` editor is active; clicking it opens the Problems panel.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private status: ServerStatus = 'starting';
  private detail: string | undefined;
  /** The `asl` document the counts are for; kept when focus moves to a non-text editor (e.g. a webview). */
  private document: vscode.TextDocument | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('aslWorkbench.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'ASL Workbench';
    this.item.command = Commands.showProblems;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.follow(editor.document)),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = this.document?.uri.toString();
        if (uri && e.uris.some((u) => u.toString() === uri)) this.render();
      }),
      // A document whose language mode changes to or from `asl` while it is active.
      // Changing a document's language mode closes and reopens it with the new language id.
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (doc.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) this.follow(doc);
      }),
    );
    const editor = vscode.window.activeTextEditor;
    if (editor) this.follow(editor.document);
  }

  setStatus(status: ServerStatus, detail?: string): void {
    this.status = status;
    this.detail = detail;
    this.render();
  }

  /** Called for text editors only: when focus moves to a webview the last `asl` file stays shown. */
  private follow(doc: vscode.TextDocument): void {
    this.document = doc.languageId === LANGUAGE_ID || doc.languageId === YAML_LANGUAGE_ID ? doc : undefined;
    this.render();
  }

  private counts(): ProblemCounts | undefined {
    if (!this.document) return undefined;
    const counts = { errors: 0, warnings: 0 };
    for (const d of vscode.languages.getDiagnostics(this.document.uri)) {
      if (d.severity === vscode.DiagnosticSeverity.Error) counts.errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warnings++;
    }
    return counts;
  }

  private render(): void {
    if (!this.document || this.document.isClosed) {
      this.document = undefined;
      this.item.hide();
      return;
    }
    const t = statusText(this.status, this.counts(), this.detail);
    this.item.text = t.text;
    this.item.tooltip = t.tooltip;
    this.item.backgroundColor = t.alarming ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.accessibilityInformation = { label: t.tooltip.split('\n').join('. ') };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
