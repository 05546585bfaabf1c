/**
 * The graph panel's testing gestures on the extension's side (protocol/panelTests.ts): "Run all
 * cases" through the Testing view's request (one verdict for the CLI, the Testing view and the
 * panel), "Test this state", importing an execution history (a file picker here, the reading and
 * the replay in the language server), a test case from that history, a child execution's machine
 * drawn for its run, and the mock-file commands as buttons.
 */
import * as vscode from 'vscode';
import type { ToWebview } from '../../../protocol/panel';
import type { TestsToExtension } from '../../../protocol/panelTests';
import type { CoverageRange } from '../../../protocol/testing';
import { applyTo, mockFileFor, MockCommands, textOf } from '../mockCommands';
import { machineNameOf } from './mocks';
import type { OfferedMockFiles } from './offeredMocks';
import type { ServerRequests } from './requests';

export interface PanelContext {
  uri(): vscode.Uri;
  /** A template's machine (its logical ID, its name in mock files); undefined for an ASL document. */
  machine(): string | undefined;
  document(): Promise<vscode.TextDocument>;
  post(message: ToWebview): void;
  offered: OfferedMockFiles;
  requests: ServerRequests;
  output: vscode.OutputChannel;
}

const MAX_HISTORY_BYTES = 50_000_000;

export class PanelTests {
  /** The history last imported (its text and file name): "Create test case from this history" turns it into one. */
  private history: { text: string; name: string } | undefined;

  constructor(private readonly ctx: PanelContext) {}

  /** The Testing view's coverage of this machine, for the graph. */
  showCoverage(coverage: CoverageRange[]): void {
    this.ctx.post({ type: 'coverage', coverage });
  }

  async handle(message: TestsToExtension): Promise<void> {
    switch (message.type) {
      case 'runAll':
        return this.runAll(message.mockFile);
      case 'testState':
        return this.testState(message);
      case 'importHistory':
        return this.importHistory();
      case 'historyTestCase':
        return this.historyTestCase();
      case 'openChild':
        return this.openChild(message.machine, message.mockFile);
      case 'mockCommand':
        await vscode.commands.executeCommand(MockCommands[message.command], this.ctx.uri());
        return;
    }
  }

  /** The machine's name in mock files: a template machine's logical ID, else the file's name. */
  private machineName(): string {
    return this.ctx.machine() ?? machineNameOf(this.ctx.uri());
  }

  /** For requests about a template's machine: which one. */
  private machineParam(): { machine?: string } {
    const machine = this.ctx.machine();
    return machine !== undefined ? { machine } : {};
  }

  /** The mock file's text, if the extension offered it to the page (a page cannot name any other file). */
  private async offeredText(mockFile: string): Promise<{ uri: vscode.Uri; text: string } | string> {
    if (!this.ctx.offered.accepts(mockFile))
      return 'That mock file is not one the extension found in this workspace; pick one from the list (or refresh it).';
    const uri = vscode.Uri.parse(mockFile);
    try {
      return { uri, text: await textOf(uri) };
    } catch (err) {
      return `The mock file cannot be read: ${(err as Error).message}`;
    }
  }

  private async runAll(mockFile: string): Promise<void> {
    const fail = (message: string) => this.ctx.post({ type: 'testsError', message });
    const mocks = await this.offeredText(mockFile);
    if (typeof mocks === 'string') return fail(mocks);
    const machine = this.machineName();
    let cases: string[] = [];
    try {
      const file = JSON.parse(mocks.text) as { StateMachines?: Record<string, { TestCases?: Record<string, unknown> }> };
      cases = Object.keys(file.StateMachines?.[machine]?.TestCases ?? {});
    } catch (err) {
      return fail(`${vscode.workspace.asRelativePath(mocks.uri)} is not valid JSON: ${(err as Error).message}`);
    }
    if (cases.length === 0) return fail(`${vscode.workspace.asRelativePath(mocks.uri)} has no test cases for "${machine}".`);
    const doc = await this.ctx.document();
    try {
      const answer = await this.ctx.requests.test({
        definition: { uri: doc.uri.toString(), text: doc.getText() },
        mocks: { path: mocks.uri.fsPath, text: mocks.text },
        machine,
        ...(this.ctx.machine() !== undefined ? { templateMachine: this.ctx.machine() } : {}),
        testCases: cases,
        allowHandlers: vscode.workspace.isTrusted,
        coverage: true,
      });
      if (!answer.ok) return fail(answer.reason);
      this.ctx.post({
        type: 'testResults',
        mockFile,
        outcomes: answer.outcomes,
        ...(answer.coverage ? { coverage: answer.coverage } : {}),
      });
    } catch (err) {
      fail(`The language server did not answer: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async testState(message: Extract<TestsToExtension, { type: 'testState' }>): Promise<void> {
    const { stateName } = message;
    const doc = await this.ctx.document();
    try {
      const answer = await this.ctx.requests.testState({
        uri: doc.uri.toString(),
        ...this.machineParam(),
        stateName,
        input: message.input,
        ...(message.mock ? { mock: message.mock } : {}),
      });
      this.ctx.post(
        answer.ok
          ? { type: 'testStateResult', stateName, response: answer.response }
          : { type: 'testStateError', stateName, message: answer.reason },
      );
    } catch (err) {
      this.ctx.post({
        type: 'testStateError',
        stateName,
        message: `The language server did not answer: ${(err as Error)?.message ?? String(err)}`,
      });
    }
  }

  private async importHistory(): Promise<void> {
    const fail = (message: string) => this.ctx.post({ type: 'historyError', message });
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'Execution history (JSON)': ['json'] },
      openLabel: 'Import history',
      title: 'An execution history: aws stepfunctions get-execution-history --execution-arn ARN --output json',
    });
    if (!picked || picked.length === 0) return;
    const file = picked[0];
    let text: string;
    try {
      const stat = await vscode.workspace.fs.stat(file);
      if (stat.size > MAX_HISTORY_BYTES) return fail(`${file.fsPath} is larger than ${MAX_HISTORY_BYTES / 1_000_000} MB.`);
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch (err) {
      return fail(`The file cannot be read: ${(err as Error).message}`);
    }
    const name = file.path.replace(/^.*\//, '');
    const doc = await this.ctx.document();
    try {
      const answer = await this.ctx.requests.importHistory({ uri: doc.uri.toString(), ...this.machineParam(), history: text });
      if (!answer.ok) return fail(answer.reason);
      this.history = { text, name };
      const { recorded, explained, replay, divergence, note } = answer;
      this.ctx.post({
        type: 'historyResult',
        fileName: name,
        recorded,
        ...(explained ? { explained } : {}),
        ...(replay ? { replay } : {}),
        ...(divergence ? { divergence } : {}),
        ...(note ? { note } : {}),
      });
    } catch (err) {
      fail(`The language server did not answer: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private async historyTestCase(): Promise<void> {
    const history = this.history;
    if (!history) return this.ctx.post({ type: 'historyError', message: 'Import an execution history first.' });
    const uri = this.ctx.uri();
    const caseName = await vscode.window.showInputBox({
      prompt: 'Name of the test case that replays this execution',
      value: history.name.replace(/\.json$/i, ''),
    });
    if (!caseName) return;
    const mockUri = await mockFileFor(uri, this.machineName(), undefined);
    if (!mockUri) return;
    try {
      const r = await this.ctx.requests.historyTestCase({
        uri: uri.toString(),
        ...this.machineParam(),
        history: history.text,
        mocksText: await textOf(mockUri),
        caseName,
      });
      if (!r.ok) return this.ctx.post({ type: 'historyError', message: r.reason });
      await applyTo(mockUri, r.edits);
      void vscode.window.showInformationMessage(
        `Added test case "${r.caseName}" to ${vscode.workspace.asRelativePath(mockUri)}: it replays the recorded execution.`,
      );
    } catch (err) {
      this.ctx.post({ type: 'historyError', message: (err as Error)?.message ?? String(err) });
    }
  }

  /** Draws the definition a LocalStateMachines entry of the run's mock file names, for the child run the page holds. */
  private async openChild(machine: string, mockFile: string): Promise<void> {
    const fail = (message: string) => this.ctx.post({ type: 'childError', machine, message });
    const mocks = await this.offeredText(mockFile);
    if (typeof mocks === 'string') return fail(mocks);
    let definition: unknown;
    try {
      const file = JSON.parse(mocks.text) as { LocalStateMachines?: Record<string, { Definition?: unknown }> };
      definition = file.LocalStateMachines?.[machine]?.Definition;
    } catch (err) {
      return fail(`The mock file is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof definition !== 'string') return fail(`The mock file's LocalStateMachines has no "${machine}" with a Definition.`);
    const childUri = definition.startsWith('/') ? vscode.Uri.file(definition) : vscode.Uri.joinPath(mocks.uri, '..', definition);
    try {
      const doc = await vscode.workspace.openTextDocument(childUri);
      const answer = await this.ctx.requests.graph({ uri: doc.uri.toString(), version: doc.version });
      if (!answer.ok) return fail(answer.reason);
      // Asked without a base, so the answer is the whole graph.
      if (!('graph' in answer)) return fail('The language server answered with a patch to a graph it was not given.');
      this.ctx.post({ type: 'childGraph', machine, fileName: vscode.workspace.asRelativePath(childUri), graph: answer.graph });
    } catch (err) {
      fail(`${vscode.workspace.asRelativePath(childUri)} cannot be drawn: ${(err as Error)?.message ?? String(err)}`);
    }
  }
}
