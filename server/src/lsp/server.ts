import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './analyses';
import { debounceAfter } from './debounce';
import { toLspDiagnostic } from './convert';
import { FEATURE_CAPABILITIES, registerFeatures } from './features';
import { registerGraphRequests } from './graph';
import { registerTestRequests } from './testing';
import { registerConvertRequest } from './convertRequest';
import { DEFAULT_SETTINGS, readSettings, validationOptions, type Settings } from './settings';
import { WorkspaceLambdaArns } from './workspaceArns';
import { MockWorkspace } from './mockWorkspace';
import { mockDiagnostics } from './features/mockFile';
import { registerMockRequests } from './mockRequests';
import { registerPanelTestRequests } from './panelTests';
import { TemplateCache, isHostDocument, linkedDiagnostics, registerTemplateLenses, sharedJsonOf, templateDiagnostics } from './templates';
import { LinkedFindings, fileKey } from './linkedFindings';
import { LinkingTemplates } from './linkingTemplates';
import { registerEndpointSourceRequest } from './endpointSource';

/** Wires the core to an LSP connection. Handlers stay thin: find the document, analyse, convert. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = DEFAULT_SETTINGS;
  const cache = new AnalysisCache(validationOptions(settings));
  // yaml/json documents: only the state machines of templates are ours. A JSON one shares the
  // parse the mock-file check reads: one parse per version.
  const templates = new TemplateCache(validationOptions(settings), (uri) => openDocument(uri)?.getText(), sharedJsonOf(cache));
  /** What open templates find in their linked definition files, published at those files. */
  const linked = new LinkedFindings();
  /** The templates that link each definition file (open ones at their current version, the others from disk). */
  const linking = new LinkingTemplates((uri) => {
    const doc = openDocument(uri);
    if (!doc) return undefined; // not open: read from disk
    return isHostDocument(doc) ? (templates.get(doc)?.template ?? null) : null;
  });
  const timers = new Map<string, NodeJS.Timeout>();
  /** What the last validation of each document cost (ms): the next debounce follows it. */
  const costs = new Map<string, number>();
  let hasConfigurationCapability = false;
  let foldingLimit: number | undefined;
  let folders: string[] = [];
  const workspaceArns = new WorkspaceLambdaArns();
  const mocks = new MockWorkspace(documents, cache);

  connection.onInitialize((params): InitializeResult => {
    hasConfigurationCapability = !!params.capabilities?.workspace?.configuration;
    const limit: unknown = params.capabilities?.textDocument?.foldingRange?.rangeLimit;
    foldingLimit = typeof limit === 'number' && Number.isInteger(limit) && limit >= 0 ? limit : undefined;
    const listed: unknown = params.workspaceFolders;
    folders = Array.isArray(listed)
      ? listed.map((f: { uri?: unknown } | null) => f?.uri).filter((u): u is string => typeof u === 'string')
      : typeof params.rootUri === 'string'
        ? [params.rootUri]
        : [];
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) {
      settings = readSettings(init.settings);
      cache.setOptions(validationOptions(settings));
      templates.setOptions(validationOptions(settings));
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        ...FEATURE_CAPABILITIES,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'asl-workbench', version: typeof __VERSION__ === 'string' ? __VERSION__ : 'dev' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfigurationCapability) void refreshSettings();
    if (folders.length > 0) {
      void mocks.scan(folders);
      void linking.scan(folders).then((found) => {
        if (found > 0) connection.console.log(`Found ${found} template(s) in the workspace that link definition files.`);
      });
      void workspaceArns.scan(folders).then((files) => {
        connection.console.log(
          `Read ${files} ASL file(s) of the workspace: ${workspaceArns.all().length} Lambda function ARN(s) to offer.`,
        );
      });
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const fromPush = (change.settings as { aslWorkbench?: unknown } | null)?.aslWorkbench;
    if (hasConfigurationCapability) void refreshSettings();
    else applySettings(readSettings(fromPush));
  });

  async function refreshSettings(): Promise<void> {
    try {
      const raw = await connection.workspace.getConfiguration('aslWorkbench');
      applySettings(readSettings(raw));
    } catch (err) {
      connection.console.warn(`Could not read settings: ${(err as Error).message}`);
    }
  }

  function applySettings(next: Settings): void {
    settings = next;
    cache.setOptions(validationOptions(settings));
    templates.setOptions(validationOptions(settings));
    for (const doc of documents.all()) schedule(doc, 0);
  }

  function schedule(doc: TextDocument, delay = debounceAfter(costs.get(doc.uri))): void {
    const pending = timers.get(doc.uri);
    if (pending) clearTimeout(pending);
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        publish(doc.uri);
      }, delay),
    );
  }

  /** The open document of a file URI, however the client spells it. */
  function openDocument(uri: string): TextDocument | undefined {
    const key = fileKey(uri);
    return documents.get(uri) ?? documents.all().find((d) => fileKey(d.uri) === key);
  }

  /** A linked file's findings changed: an open one is checked again (its list merges them), a closed one gets them alone. */
  function republishLinked(uri: string): void {
    const open = openDocument(uri);
    if (open) schedule(open, 0);
    else void connection.sendDiagnostics({ uri, diagnostics: linked.merged(uri).map(toLspDiagnostic) });
  }

  /** A file the open templates read changed (or opened, or closed): they read it again. */
  function linkedFileChanged(uri: string): void {
    for (const template of linked.templatesOf(uri)) {
      templates.delete(template);
      const doc = documents.get(template);
      if (doc && !timers.has(template)) schedule(doc);
    }
  }

  function publish(uri: string): void {
    const doc = documents.get(uri);
    if (!doc) return;
    const started = performance.now();
    try {
      // A mock file first: as JSON it is also a host document, whose findings would be a template's.
      const mockFindings = mockDiagnostics(ctx, doc);
      if (mockFindings) {
        void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: mockFindings });
        return;
      }
      if (isHostDocument(doc)) {
        // Diagnostics only inside the machines' definitions: the rest is the YAML/JSON and cfn-lint tools' to check.
        // (A plain .json or .yaml definition file that templates link to gets theirs here.)
        const t = templates.get(doc);
        void connection.sendDiagnostics({
          uri,
          version: doc.version,
          diagnostics: linked.merged(uri, templateDiagnostics(t)).map(toLspDiagnostic),
        });
        for (const file of linked.set(uri, linkedDiagnostics(uri, t))) if (fileKey(file) !== fileKey(uri)) republishLinked(file);
        linking.remember(uri, t?.template);
        costs.set(uri, Math.round(performance.now() - started));
        return;
      }
      const analysis = cache.get(doc);
      void connection.sendDiagnostics({
        uri,
        version: doc.version,
        diagnostics: linked.merged(uri, analysis.diagnostics).map(toLspDiagnostic),
      });
      // The open mock files are read against this definition: check them again.
      for (const mock of mocks.openMocks()) if (!timers.has(mock.uri)) schedule(mock, 0);
      // With the debounce, not per keystroke: the ARNs this file offers to the others.
      workspaceArns.update(uri, doc.getText());
      const ms = Math.round(performance.now() - started);
      costs.set(uri, ms);
      if (ms > 200) connection.console.log(`Validated ${uri} (${doc.getText().length} characters) in ${ms} ms.`);
    } catch (err) {
      connection.console.error(`Validation of ${uri} failed: ${(err as Error)?.stack ?? String(err)}`);
    }
  }

  // TextDocuments fires a content change right after each open: that one is not a keystroke.
  let justOpened: TextDocument | undefined;
  documents.onDidOpen((e) => {
    // A re-open starts afresh: nothing of an earlier life of the URI is trusted.
    cache.delete(e.document.uri);
    templates.delete(e.document.uri);
    costs.delete(e.document.uri);
    justOpened = e.document;
    schedule(e.document, 0);
    linkedFileChanged(e.document.uri);
  });
  documents.onDidChangeContent((e) => {
    if (e.document === justOpened) justOpened = undefined;
    else {
      schedule(e.document);
      linkedFileChanged(e.document.uri);
    }
  });
  documents.onDidClose((e) => {
    const pending = timers.get(e.document.uri);
    if (pending) clearTimeout(pending);
    timers.delete(e.document.uri);
    cache.delete(e.document.uri);
    templates.delete(e.document.uri);
    costs.delete(e.document.uri);
    mocks.forget(e.document.uri);
    // A closed template's findings leave its linked files; a closed linked file keeps the open templates' findings.
    for (const file of linked.drop(e.document.uri)) republishLinked(file);
    linkedFileChanged(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: linked.merged(e.document.uri).map(toLspDiagnostic) });
  });

  const ctx = { connection, documents, cache, mocks, templates, linking, lambdaArns: () => workspaceArns.all(settings.extraLambdaArns) };
  registerFeatures(ctx, () => foldingLimit);
  registerGraphRequests(connection, documents, cache, () => settings, templates);
  registerTestRequests(connection, () => settings);
  registerTemplateLenses(connection, documents, templates);
  registerConvertRequest(connection, documents, cache);
  registerMockRequests(connection, documents, cache);
  registerPanelTestRequests(connection, documents, cache, () => settings, templates);
  registerEndpointSourceRequest(connection, (uri) => openDocument(uri)?.getText());

  documents.listen(connection);
  connection.listen();
}

declare const __VERSION__: string | undefined;
