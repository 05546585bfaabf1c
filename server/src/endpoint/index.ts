/**
 * The local Step Functions endpoint (`asl-workbench serve`): an adapter that puts the checker and
 * the engine behind the AWS API, so that the AWS SDKs, the CLI, SAM and Terraform can use it.
 */
import type { Server } from 'node:http';
import type { HandlerRunner, MockConfig } from '../core/engine/mocks';
import { actions } from './actions';
import { Executions } from './executions';
import { endpointServer, type EndpointLog } from './server';
import { Store } from './store';
import { extensionActions } from './watch';

export interface EndpointOptions {
  timeScale: number;
  dataDir?: string;
  /** The mock file's text and what it holds (StateMachines, MockedResponses, LocalHandlers). */
  mocks?: { text: string; config: MockConfig };
  runner?: HandlerRunner;
  lambdaEndpoint?: string;
  handlerTimeoutMs: number;
  echoUnmocked: boolean;
  log: EndpointLog;
}

export interface Endpoint {
  server: Server;
  store: Store;
  executions: Executions;
}

const NO_MOCKS: MockConfig = { stateMachines: new Map(), responses: new Map(), handlers: new Map() };

export function createEndpoint(o: EndpointOptions): Endpoint {
  const store = new Store(o.dataDir);
  const executions = new Executions(
    store,
    {
      timeScale: o.timeScale,
      config: o.mocks?.config ?? NO_MOCKS,
      runner: o.runner,
      lambdaEndpoint: o.lambdaEndpoint,
      handlerTimeoutMs: o.handlerTimeoutMs,
      echoUnmocked: o.echoUnmocked,
    },
    o.mocks?.text,
  );
  // Executions that were running when the endpoint last stopped go on (with --data-dir).
  executions.resumeAll();
  return { server: endpointServer(actions(store, executions), o.log, extensionActions(store, executions)), store, executions };
}
