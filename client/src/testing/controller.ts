/**
 * The Testing view: mock-file test cases as a tree machine -> test case, found in the workspace's
 * `*mock*.json` files (the files the graph panel offers) and kept up to date as they change on disk
 * or in an editor. Runs go to the language server (protocol/testing.ts), which runs each case in the
 * dry-run worker and judges it with `asl-workbench test`'s verdict, so the three agree. A Run profile
 * and a Coverage profile; coverage shows in the definition's gutter (statements = states, branches =
 * transitions and retriers).
 */
import * as vscode from 'vscode';
import { GraphPanel } from '../panel/graphPanel';
import { discoverTests } from '../../../server/src/core/testing/discover';
import type { Range as CoreRange } from '../../../server/src/core/types';
import { TEST_REQUEST, type CoverageRange, type TestCaseOutcome, type TestParams, type TestResult } from '../../../protocol/testing';
import { caseId, definitionFileName, machineId, outcomeText, pickDefinition } from './model';

const MOCK_GLOB = '**/*mock*.json';
const EXCLUDE = '**/node_modules/**';
const MAX_FILES = 500;
const MAX_BYTES = 5_000_000;
const EDIT_DEBOUNCE_MS = 300;

interface Requester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/** A machine item's data: where its mock file and definition are. */
interface MachineData {
  mockUri: vscode.Uri;
  machine: string;
  definition?: vscode.Uri;
}

/** What the last run reported, for the end-to-end tests (the Testing API does not let another extension read results). */
export interface RunRecord {
  profile: 'run' | 'coverage';
  outcomes: {
    id: string;
    passed: boolean;
    messages: { text: string; expected?: string; actual?: string; uri?: string; line?: number }[];
  }[];
  errors: { id: string; message: string }[];
  coverage: { uri: string; statements: { covered: number; total: number }; branches?: { covered: number; total: number } }[];
}

export interface TestingApi {
  controller: vscode.TestController;
  runProfile: vscode.TestRunProfile;
  coverageProfile: vscode.TestRunProfile;
  /** Finds the mock files again (also the view's refresh button). */
  refresh(): Promise<void>;
  readonly onDidFinishRun: vscode.Event<RunRecord>;
}

export function registerTesting(requests: Requester, output: vscode.OutputChannel): { disposable: vscode.Disposable; api: TestingApi } {
  const controller = vscode.tests.createTestController('aslWorkbench.tests', 'ASL Workbench');
  const machines = new WeakMap<vscode.TestItem, MachineData>();
  const details = new WeakMap<vscode.FileCoverage, vscode.FileCoverageDetail[]>();
  const finished = new vscode.EventEmitter<RunRecord>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const disposables: vscode.Disposable[] = [controller, finished];

  /** Replaces the items of one mock file with what its text holds now. */
  async function load(uri: vscode.Uri, text?: string): Promise<void> {
    const prefix = `${uri.toString()}#`;
    const mine = (): vscode.TestItem[] => {
      const out: vscode.TestItem[] = [];
      controller.items.forEach((item) => {
        if (item.id.startsWith(prefix)) out.push(item);
      });
      return out;
    };
    if (text === undefined) text = await readText(uri);
    const found = text === undefined ? undefined : discoverTests(text);
    const keep = new Set<string>();
    for (const m of found ?? []) {
      const id = machineId(uri.toString(), m.name);
      keep.add(id);
      const definition = await findDefinition(uri, m.name);
      let item = controller.items.get(id);
      if (!item || item.uri?.toString() !== (definition ?? uri).toString()) {
        if (item) controller.items.delete(id);
        item = controller.createTestItem(id, m.name, definition ?? uri);
        controller.items.add(item);
      }
      item.description = vscode.workspace.asRelativePath(uri);
      // The machine's gutter icon: the definition's first line (its own file, where it is written).
      item.range = definition ? new vscode.Range(0, 0, 0, 0) : toRange(m.range);
      item.error = definition
        ? undefined
        : `No ${definitionFileName(m.name)} in the workspace: the machine's definition is found by its name under "StateMachines".`;
      machines.set(item, { mockUri: uri, machine: m.name, definition });
      const cases = m.cases.map((c) => {
        const child = controller.createTestItem(caseId(uri.toString(), m.name, c.name), c.name, uri);
        child.range = toRange(c.range);
        child.description = c.hasExpectations ? undefined : 'passes when the execution succeeds';
        return child;
      });
      item.children.replace(cases);
    }
    for (const item of mine()) if (!keep.has(item.id)) controller.items.delete(item.id);
  }

  async function discoverAll(): Promise<void> {
    const files = await vscode.workspace.findFiles(MOCK_GLOB, EXCLUDE, MAX_FILES);
    const seen = new Set(files.map((f) => f.toString()));
    const stale: string[] = [];
    controller.items.forEach((item) => {
      const data = machines.get(item);
      if (data && !seen.has(data.mockUri.toString())) stale.push(item.id);
    });
    for (const id of stale) controller.items.delete(id);
    for (const f of files) await load(f, openText(f));
  }

  function schedule(uri: vscode.Uri, text?: string): void {
    const key = uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        load(uri, text).catch((e) => output.appendLine(`[testing] ${key}: ${String(e)}`));
      }, EDIT_DEBOUNCE_MS),
    );
  }

  const watcher = vscode.workspace.createFileSystemWatcher(MOCK_GLOB);
  disposables.push(
    watcher,
    watcher.onDidCreate((u) => schedule(u)),
    watcher.onDidChange((u) => schedule(u, openText(u))),
    watcher.onDidDelete((u) => schedule(u, '')),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isMockFile(e.document.uri)) schedule(e.document.uri, e.document.getText());
    }),
  );
  controller.refreshHandler = () => discoverAll();

  async function runHandler(profile: 'run' | 'coverage', request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = controller.createTestRun(request);
    const record: RunRecord = { profile, outcomes: [], errors: [], coverage: [] };
    const coverageByFile = new Map<string, { uri: vscode.Uri; items: Map<string, CoverageRange> }>();
    try {
      for (const [machineItem, caseItems] of selected(request)) {
        if (token.isCancellationRequested) break;
        const data = machines.get(machineItem)!;
        for (const c of caseItems) run.enqueued(c);
        const fail = (message: string) => {
          for (const c of caseItems) {
            run.errored(c, new vscode.TestMessage(message));
            record.errors.push({ id: c.id, message });
          }
        };
        if (!data.definition) {
          fail(machineItem.error as string);
          continue;
        }
        const [definitionText, mocksText] = await Promise.all([textOf(data.definition), textOf(data.mockUri)]);
        if (definitionText === undefined || mocksText === undefined) {
          fail(`Cannot read ${definitionText === undefined ? data.definition.fsPath : data.mockUri.fsPath}.`);
          continue;
        }
        for (const c of caseItems) run.started(c);
        const params: TestParams = {
          definition: { uri: data.definition.toString(), text: definitionText },
          mocks: { path: data.mockUri.fsPath, text: mocksText },
          machine: data.machine,
          testCases: caseItems.map((c) => c.label),
          allowHandlers: vscode.workspace.isTrusted,
          coverage: profile === 'coverage',
        };
        let answer: TestResult;
        try {
          answer = await requests.sendRequest<TestResult>(TEST_REQUEST, params);
        } catch (e) {
          fail(`The language server could not run the tests: ${(e as Error)?.message ?? String(e)}`);
          continue;
        }
        if (!answer.ok) {
          fail(answer.reason);
          continue;
        }
        for (const o of answer.outcomes) {
          const item = caseItems.find((c) => c.label === o.testCase)!;
          report(run, item, o, data.definition, record);
        }
        if (answer.coverage) {
          const key = data.definition.toString();
          const entry = coverageByFile.get(key) ?? { uri: data.definition, items: new Map() };
          coverageByFile.set(key, entry);
          for (const c of answer.coverage) {
            const k = `${c.kind}\u0000${c.label}`;
            const had = entry.items.get(k);
            entry.items.set(k, had ? { ...had, hits: had.hits + c.hits } : c);
          }
        }
      }
      for (const { uri, items } of coverageByFile.values()) {
        const d = coverageDetails([...items.values()]);
        const fc = vscode.FileCoverage.fromDetails(uri, d);
        details.set(fc, d);
        // The machine's graph panel marks what these runs never covered.
        GraphPanel.get(uri)?.showCoverage([...items.values()]);
        run.addCoverage(fc);
        record.coverage.push({
          uri: uri.toString(),
          statements: { covered: fc.statementCoverage.covered, total: fc.statementCoverage.total },
          branches: fc.branchCoverage && { covered: fc.branchCoverage.covered, total: fc.branchCoverage.total },
        });
      }
    } finally {
      run.end();
      finished.fire(record);
    }
  }

  /** The machine items of the request with the cases to run of each. */
  function selected(request: vscode.TestRunRequest): Map<vscode.TestItem, vscode.TestItem[]> {
    const out = new Map<vscode.TestItem, vscode.TestItem[]>();
    const excluded = new Set((request.exclude ?? []).map((i) => i.id));
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) return;
      if (machines.has(item)) {
        const cases: vscode.TestItem[] = [];
        item.children.forEach((c) => {
          if (!excluded.has(c.id)) cases.push(c);
        });
        const had = out.get(item) ?? [];
        out.set(item, [...had, ...cases.filter((c) => !had.includes(c))]);
      } else if (item.parent && machines.has(item.parent)) {
        const had = out.get(item.parent) ?? [];
        if (!had.includes(item)) out.set(item.parent, [...had, item]);
      }
    };
    if (request.include) request.include.forEach(add);
    else controller.items.forEach(add);
    return out;
  }

  const runProfile = controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, (r, t) => runHandler('run', r, t), true);
  const coverageProfile = controller.createRunProfile(
    'Run with Coverage',
    vscode.TestRunProfileKind.Coverage,
    (r, t) => runHandler('coverage', r, t),
    true,
  );
  coverageProfile.loadDetailedCoverage = async (_run, fc) => details.get(fc) ?? [];
  disposables.push(runProfile, coverageProfile);

  void discoverAll().catch((e) => output.appendLine(`[testing] discovery failed: ${String(e)}`));
  return {
    disposable: vscode.Disposable.from(...disposables, { dispose: () => pending.forEach((t) => clearTimeout(t)) }),
    api: { controller, runProfile, coverageProfile, refresh: discoverAll, onDidFinishRun: finished.event },
  };
}

/** Passed, or failed with a diff of the output and of the path, the error and cause, at the state that diverged. */
function report(run: vscode.TestRun, item: vscode.TestItem, o: TestCaseOutcome, definition: vscode.Uri, record: RunRecord): void {
  const text = outcomeText(o);
  run.appendOutput(`${o.verdict.passed ? 'PASS' : 'FAIL'}  ${o.testCase}\r\n${text.replace(/\n/g, '\r\n')}\r\n`, undefined, item);
  if (o.verdict.passed) {
    run.passed(item, o.millis);
    record.outcomes.push({ id: item.id, passed: true, messages: [] });
    return;
  }
  const location = o.divergedRange
    ? new vscode.Location(definition, toRange(o.divergedRange))
    : item.uri && item.range
      ? new vscode.Location(item.uri, item.range)
      : undefined;
  const messages: vscode.TestMessage[] = [];
  const recorded: RunRecord['outcomes'][number]['messages'] = [];
  const push = (m: vscode.TestMessage) => {
    if (location) m.location = location;
    messages.push(m);
    recorded.push({
      text: typeof m.message === 'string' ? m.message : m.message.value,
      expected: m.expectedOutput,
      actual: m.actualOutput,
      uri: m.location?.uri.toString(),
      line: m.location?.range.start.line,
    });
  };
  if (o.verdict.output)
    push(vscode.TestMessage.diff(`Output differs\n${text}`, pretty(o.verdict.output.expected), pretty(o.verdict.output.actual)));
  if (o.verdict.path) push(vscode.TestMessage.diff('Path differs', o.verdict.path.expected.join('\n'), o.verdict.path.actual.join('\n')));
  if (!o.verdict.output && !o.verdict.path) push(new vscode.TestMessage(text));
  run.failed(item, messages, o.millis);
  record.outcomes.push({ id: item.id, passed: false, messages: recorded });
}

/** States as statements, their transitions and retriers as the statement's branches. */
function coverageDetails(items: CoverageRange[]): vscode.StatementCoverage[] {
  const states = new Map<string, vscode.StatementCoverage>();
  const keyOf = (c: CoverageRange) => [...c.within, c.state].join('\u0000');
  for (const c of items) if (c.kind === 'state') states.set(keyOf(c), new vscode.StatementCoverage(c.hits, toRange(c.range), []));
  for (const c of items) {
    if (c.kind === 'state') continue;
    const branch = new vscode.BranchCoverage(c.hits, toRange(c.range), c.label);
    const owner = states.get(keyOf(c));
    if (owner) owner.branches.push(branch);
  }
  return [...states.values()];
}

function pretty(v: unknown): string {
  return JSON.stringify(v, null, 2) ?? 'undefined';
}

function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function isMockFile(uri: vscode.Uri): boolean {
  return /mock[^/]*\.json$/i.test(uri.path);
}

function openText(uri: vscode.Uri): string | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText();
}

/** An open editor's text (unsaved changes included), else the file's. */
async function textOf(uri: vscode.Uri): Promise<string | undefined> {
  return openText(uri) ?? readText(uri);
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return bytes.byteLength > MAX_BYTES ? undefined : new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

async function findDefinition(mockUri: vscode.Uri, machine: string): Promise<vscode.Uri | undefined> {
  const name = machine.replace(/[[\]{}*?!]/g, '?');
  const found = await vscode.workspace.findFiles(`**/${name}.asl.{json,yaml,yml}`, EXCLUDE, MAX_FILES);
  const path = pickDefinition(
    mockUri.path,
    found.map((u) => u.path),
  );
  return path === undefined ? undefined : found.find((u) => u.path === path);
}
