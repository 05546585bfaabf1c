/** Language server entry: `node dist/server.js --stdio` or over IPC (`--node-ipc`) from the client. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
