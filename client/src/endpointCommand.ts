/**
 * "ASL: Connect to Local Endpoint": lists the state machines and executions of a running
 * `asl-workbench serve` (setting aslWorkbench.endpoint.url) in a picker that refreshes while it is
 * open, and shows the execution picked in the graph panel, following it live while it runs (the
 * watch logic is endpointWatch.ts). Picking a state machine follows each execution started on it
 * from then on, such as those an application's own tests start. The machine's workspace file
 * (endpointSource.ts) is the document drawn, so a click on a state goes to its source: a machine
 * file, or the machine of a SAM / CloudFormation / Serverless template it was deployed from; a
 * machine with neither is shown from its definition in an untitled editor.
 */
import * as vscode from 'vscode';
import { SECTION, LANGUAGE_ID } from './constants';
import { EndpointClient, EndpointError, type ExecutionItem, type MachineItem } from './endpointClient';
import { followExecution, followMachine, type LiveExecution } from './endpointWatch';
import { locateSource, type Candidate } from './endpointSource';
import { ENDPOINT_SOURCE_REQUEST, type EndpointSourceAnswer, type EndpointSourceParams } from '../../protocol/endpoint';
import { GraphPanel, type PanelDeps } from './panel/graphPanel';
import { serverRequests } from './panel/requests';

export const CONNECT_ENDPOINT_COMMAND = 'aslWorkbench.connectEndpoint';
/** `aslWorkbench.endpoint.url`: where `asl-workbench serve` listens by default. */
export const DEFAULT_ENDPOINT_URL = 'http://127.0.0.1:8083';
/** Executions listed per state machine in the picker (the newest). */
const EXECUTIONS_LISTED = 20;
/** How often the open picker reads the endpoint again. */
const PICKER_REFRESH_MS = 1000;
/** Files read when looking for a machine's source. */
const MAX_SOURCE_FILES = 500;
const SOURCE_GLOB = '**/*.{asl.json,asl.yaml,asl.yml}';
/** Templates that may hold state machines (CloudFormation, SAM, CDK output, serverless.yml); SAM's build copies are not sources. */
const TEMPLATE_GLOB = '**/*.{yaml,yml,json,template}';
const TEMPLATE_EXCLUDE = '**/{node_modules,.aws-sam}/**';
/** Templates read when looking for a machine's source, and the largest read. */
const MAX_TEMPLATE_FILES = 300;
const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;
const ASL_NAME = /\.asl\.(json|ya?ml)$/i;

interface Requester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

type Pick = vscode.QuickPickItem & { execution?: ExecutionItem; machine?: MachineItem };

export function registerEndpointWatch(extensionUri: vscode.Uri, server: Requester, output: vscode.OutputChannel): vscode.Disposable {
  const deps: PanelDeps = { extensionUri, requests: serverRequests(server), output };
  /** One thing followed at a time: a new pick ends the last. */
  let current: AbortController | undefined;
  const restart = (): AbortSignal => {
    current?.abort();
    current = new AbortController();
    return current.signal;
  };
  const report = (err: unknown): void => {
    if ((err as Error)?.name === 'AbortError') return;
    const message = (err as Error)?.message ?? String(err);
    output.appendLine(`[endpoint] ${message}`);
    void vscode.window.showWarningMessage(
      err instanceof EndpointError && err.type === 'Unreachable'
        ? `${message} Start one with "asl-workbench serve", or set ${SECTION}.endpoint.url.`
        : `ASL Workbench: ${message}`,
    );
  };
  return vscode.Disposable.from(
    { dispose: () => current?.abort() },
    vscode.commands.registerCommand(CONNECT_ENDPOINT_COMMAND, async () => {
      const url = vscode.workspace.getConfiguration(SECTION).get<string>('endpoint.url', DEFAULT_ENDPOINT_URL);
      const client = new EndpointClient(url);
      const picked = await pick(client).catch((err: unknown) => void report(err));
      if (!picked) return;
      const signal = restart();
      if (picked.execution) void watch(deps, server, client, picked.execution.executionArn, signal).catch(report);
      else if (picked.machine) {
        const machine = picked.machine;
        void vscode.window.showInformationMessage(`Following new executions of ${machine.name} at ${url}.`);
        let one: AbortController | undefined;
        void followMachine(
          client,
          machine.stateMachineArn,
          (arn) => {
            // The newest execution is the one shown; the one before it stops being followed.
            one?.abort();
            one = new AbortController();
            void watch(deps, server, client, arn, AbortSignal.any([signal, one.signal]), () => current?.abort()).catch(report);
          },
          signal,
        ).catch(report);
      }
    }),
  );
}

/** The picker: machines and their newest executions, read again while it is open. */
async function pick(client: EndpointClient): Promise<Pick | undefined> {
  const qp = vscode.window.createQuickPick<Pick>();
  qp.title = `Step Functions endpoint at ${client.url}`;
  qp.placeholder = 'An execution to show on the graph, or a state machine to follow its next executions';
  qp.matchOnDescription = true;
  qp.busy = true;
  let shown = '';
  let failed: unknown;
  const load = async (): Promise<void> => {
    const items = await pickItems(client);
    const key = items.map((i) => `${i.label}|${i.description}`).join('\n');
    if (key === shown) return;
    shown = key;
    // Keep the highlighted row across a refresh.
    const active = qp.activeItems[0];
    qp.items = items;
    const again =
      active &&
      items.find(
        (i) =>
          i.label === active.label &&
          i.execution?.executionArn === active.execution?.executionArn &&
          i.machine?.stateMachineArn === active.machine?.stateMachineArn,
      );
    if (again) qp.activeItems = [again];
  };
  const done = new Promise<Pick | undefined>((resolve) => {
    qp.onDidAccept(() => {
      resolve(qp.selectedItems[0]);
      qp.hide();
    });
    qp.onDidHide(() => resolve(undefined));
  });
  qp.show();
  try {
    await load();
  } catch (err) {
    qp.hide();
    qp.dispose();
    throw err;
  }
  qp.busy = false;
  const timer = setInterval(() => void load().catch((err: unknown) => (failed = err)), PICKER_REFRESH_MS);
  const chosen = await done;
  clearInterval(timer);
  qp.dispose();
  if (!chosen && failed) throw failed;
  return chosen;
}

async function pickItems(client: EndpointClient): Promise<Pick[]> {
  const machines = await client.listStateMachines();
  const items: Pick[] = [];
  for (const m of machines) {
    const executions = await client.listExecutions(m.stateMachineArn, EXECUTIONS_LISTED);
    items.push({ label: m.name, kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: `$(eye) Follow new executions of ${m.name}`, description: m.type, machine: m });
    for (const e of executions) {
      const icon = e.status === 'RUNNING' ? '$(sync~spin)' : e.status === 'SUCCEEDED' ? '$(pass)' : '$(error)';
      items.push({
        label: `${icon} ${e.name}`,
        description: `${e.status} · ${m.name}`,
        detail: `started ${new Date(e.startDate * 1000).toLocaleTimeString()}`,
        execution: e,
      });
    }
  }
  if (machines.length === 0)
    items.push({ label: 'No state machines yet', description: 'create one with CreateStateMachine (the CLI, an SDK, your tests)' });
  return items;
}

/** Shows the execution in the graph panel of its machine's document and follows it until it ends. */
async function watch(
  deps: PanelDeps,
  server: Requester,
  client: EndpointClient,
  executionArn: string,
  signal: AbortSignal,
  onClosed?: () => void,
): Promise<void> {
  const started = Date.now();
  let panel: Promise<GraphPanel> | undefined;
  const closed = new AbortController();
  await followExecution(
    client,
    executionArn,
    (live: LiveExecution) => {
      panel ??= panelFor(deps, server, live).then((p) => {
        const listener = p.panel.onDidDispose(() => {
          closed.abort();
          onClosed?.();
        });
        // Once this execution is no longer followed, its panel's closing means nothing to it.
        signal.addEventListener('abort', () => listener.dispose(), { once: true });
        return p;
      });
      void panel.then((p) => p.showRun(live.result, Date.now() - started));
    },
    AbortSignal.any([signal, closed.signal]),
  );
}

async function panelFor(deps: PanelDeps, server: Requester, live: LiveExecution): Promise<GraphPanel> {
  const machineName = live.stateMachineArn.slice(live.stateMachineArn.lastIndexOf(':') + 1);
  const candidates = await readAll(await vscode.workspace.findFiles(SOURCE_GLOB, '**/node_modules/**', MAX_SOURCE_FILES));
  // A template machine: the language server reads the templates (and the files they link to) with the core's template reader.
  const fromTemplate = async (definition: string, name: string) => {
    const templates = await readAll(
      (await vscode.workspace.findFiles(TEMPLATE_GLOB, TEMPLATE_EXCLUDE, MAX_TEMPLATE_FILES)).filter((u) => !ASL_NAME.test(u.path)),
      MAX_TEMPLATE_BYTES,
    );
    const params: EndpointSourceParams = { definition, machineName: name, templates };
    return (await server.sendRequest<EndpointSourceAnswer>(ENDPOINT_SOURCE_REQUEST, params)) ?? undefined;
  };
  const source = await locateSource(live.definition, machineName, candidates, fromTemplate);
  // A template machine defined in a linked ASL file opens as that file, whose lines its states are on.
  if (source?.file !== undefined && ASL_NAME.test(source.file)) return GraphPanel.createOrShow(deps, vscode.Uri.parse(source.file));
  if (source?.machine !== undefined) return GraphPanel.createOrShow(deps, vscode.Uri.parse(source.uri), source.machine);
  let uri: vscode.Uri;
  if (source) uri = vscode.Uri.parse(source.uri);
  else {
    let text = live.definition;
    try {
      text = JSON.stringify(JSON.parse(live.definition), null, 2);
    } catch {
      // Shown as it came.
    }
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
    await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
    uri = doc.uri;
  }
  return GraphPanel.createOrShow(deps, uri);
}

/** The files' texts (an unreadable or larger file is left out), in path order. */
async function readAll(uris: readonly vscode.Uri[], maxBytes = Infinity): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const uri of [...uris].sort((a, b) => a.toString().localeCompare(b.toString()))) {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength <= maxBytes) out.push({ uri: uri.toString(), text: new TextDecoder().decode(bytes) });
    } catch {
      // Unreadable: not a candidate.
    }
  }
  return out;
}
