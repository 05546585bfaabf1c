import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands, DISPLAY_NAME, LANGUAGE_ID, SECTION, TEMPLATE_PATTERNS, YAML_LANGUAGE_ID } from './constants';
import { CrashWindow } from './crashWindow';
import type { ServerStatus } from './statusText';
import { SERVER_NODE_FLAGS } from '../../protocol/serverFlags';

/** Restart a crashed server at most this many times within the window, then give up and say so. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MINUTES = 3;

/**
 * Owns the LanguageClient for `dist/server.js` (IPC). A manual restart replaces the client with a
 * fresh one rather than reusing it: that works from every client state, including a failed start.
 */
export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private clientListener: vscode.Disposable | undefined;
  private readonly crashes = new CrashWindow(MAX_RESTARTS, RESTART_WINDOW_MINUTES * 60_000);
  /** Set when the crash limit is reached, so the stop that follows reads as a failure. */
  private gaveUp = false;
  /** Whether the current client's server ever got running: a server that dies before is broken, not crashed. */
  private everRan = false;
  /** Start, restart and dispose run one after the other: a restart waits for a start in progress. */
  private queue: Promise<void> = Promise.resolve();
  private readonly statusEmitter = new vscode.EventEmitter<{ status: ServerStatus; detail?: string }>();
  readonly onDidChangeStatus = this.statusEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.OutputChannel,
  ) {}

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  /** Stops whatever runs now and starts a fresh client; also the way out after the crash limit. */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      this.crashes.reset();
      await this.stop();
      await this.doStart();
    });
  }

  async dispose(): Promise<void> {
    await this.enqueue(() => this.stop());
    this.statusEmitter.dispose();
  }

  /** A request to the running server (the graph panel's custom requests); rejects when none runs. */
  sendRequest<R>(method: string, params: unknown): Promise<R> {
    const client = this.client;
    if (!client || !client.isRunning()) return Promise.reject(new Error('The ASL language server is not running.'));
    return client.sendRequest<R>(method, params);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    const serverUri = vscode.Uri.joinPath(this.extensionUri, 'dist', 'server.js');
    if (!(await exists(serverUri))) {
      const detail = `Missing ${serverUri.fsPath}.`;
      this.output.appendLine(`[client] ${detail}`);
      this.emit('failed', detail);
      void vscode.window.showErrorMessage(
        `${DISPLAY_NAME}: the language server is missing (${serverUri.fsPath}), so ASL files get no diagnostics. ` +
          'Reinstall the extension, or run "npm run build" if you are developing it.',
      );
      return;
    }
    const client = new LanguageClient(SECTION, `${DISPLAY_NAME} language server`, serverOptions(serverUri.fsPath), this.clientOptions());
    this.client = client;
    this.clientListener = client.onDidChangeState((e) => {
      if (e.newState === State.Starting) this.emit('starting');
      else if (e.newState === State.Running) {
        this.everRan = true;
        this.emit('running');
      } else if (this.client === client) this.emit(this.gaveUp ? 'failed' : 'stopped');
    });
    this.gaveUp = false;
    this.everRan = false;
    this.emit('starting');
    try {
      await client.start();
    } catch (err) {
      // The client has already logged the cause to the output channel.
      this.emit('failed', `The server failed to start: ${(err as Error)?.message ?? String(err)}`);
      if (!this.gaveUp) {
        this.gaveUp = true;
        void this.offerRecovery('The ASL language server failed to start, so ASL files get no diagnostics. The log says why.');
      }
    }
  }

  private async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.clientListener?.dispose();
    this.clientListener = undefined;
    if (!client) return;
    try {
      await client.dispose(2000);
    } catch (err) {
      // A client that never got running cannot be stopped cleanly; it is dropped all the same.
      this.output.appendLine(`[client] Stopping the server: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [
        { scheme: 'file', language: LANGUAGE_ID },
        { scheme: 'untitled', language: LANGUAGE_ID },
        { scheme: 'file', language: YAML_LANGUAGE_ID },
        { scheme: 'untitled', language: YAML_LANGUAGE_ID },
        // Templates: the server sniffs these for state machines; diagnostics only inside definitions.
        ...TEMPLATE_PATTERNS.flatMap((pattern) => ['yaml', 'json'].map((language) => ({ scheme: 'file', language, pattern }))),
        // Mock files, named as the panel finds them: the server checks those whose top level is a mock file's.
        { scheme: 'file', pattern: '**/*mock*.json' },
      ],
      outputChannel: this.output,
      synchronize: { configurationSection: SECTION },
      // A function, so a restart after a crash starts with the settings of that moment.
      initializationOptions: () => ({ settings: currentSettings() }),
      errorHandler: this.errorHandler(),
      // A server that cannot initialize will not do better on a retry: fail once, clearly.
      initializationFailedHandler: () => false,
    };
  }

  private errorHandler(): ErrorHandler {
    return {
      // Transient read/write errors: keep going unless they pile up (the count resets on success).
      error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: () => {
        if (!this.everRan) {
          // Broken before it ever answered (a bad build, a missing dependency): restarting would
          // only repeat the failure, and the library's own pop-ups would hide ours.
          this.gaveUp = true;
          const message = 'The ASL language server failed to start, so ASL files get no diagnostics.';
          void this.offerRecovery(`${message} The log says why.`);
          return { action: CloseAction.DoNotRestart, message, handled: true };
        }
        if (this.crashes.recordCrash()) {
          return { action: CloseAction.Restart, message: 'The ASL language server stopped unexpectedly; restarting it.', handled: true };
        }
        this.gaveUp = true;
        const message = `The ASL language server crashed ${MAX_RESTARTS + 1} times in ${RESTART_WINDOW_MINUTES} minutes and was not restarted.`;
        void this.offerRecovery(message + ' ASL files get no diagnostics until it runs again.');
        return { action: CloseAction.DoNotRestart, message, handled: true };
      },
    };
  }

  private async offerRecovery(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show Log', 'Restart');
    if (choice === 'Show Log') this.output.show(true);
    else if (choice === 'Restart') await vscode.commands.executeCommand(Commands.restartServer);
  }

  private emit(status: ServerStatus, detail?: string): void {
    this.statusEmitter.fire({ status, detail });
  }
}

function serverOptions(module: string): ServerOptions {
  return {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
}

/** The settings the server starts with; later changes reach it through workspace/configuration. */
function currentSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    placeholders: c.get<boolean>('placeholders', true),
    severity: c.get<Record<string, string>>('severity', {}),
    extraLambdaArns: c.get<string[]>('extraLambdaArns', []),
    dryRun: c.get<Record<string, unknown>>('dryRun', {}),
  };
}

/** Through vscode.workspace.fs so it works wherever the extension host runs (desktop, remote, code-server). */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
