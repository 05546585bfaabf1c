/**
 * Local handlers run by the built language server end with it: a handler that spins (and has
 * started a process of its own) is gone after the server exits normally, or is sent SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RUN_REQUEST } from '../../protocol/panel';
import { LspClient } from './client';
import { alive, eventually } from '../fixtures/processes';

const HANDLERS = join(__dirname, '..', '..', '..', 'test', 'cli', 'fixtures', 'handlers');

for (const how of ['exit', 'SIGTERM'] as const) {
  test(`a spinning handler and the process it started end when the server ends (${how})`, async () => {
    const report = join(mkdtempSync(join(tmpdir(), 'aslwb-lsp-')), 'pids');
    const uri = pathToFileURL(join(HANDLERS, 'spin.asl.json')).href;
    const definition = {
      StartAt: 'Spin',
      States: {
        Spin: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'Spin', Payload: { path: report } },
          End: true,
        },
      },
    };
    // The mock file need not exist on disk: the server gets its text; its path places the handlers.
    const mocks = {
      path: join(HANDLERS, 'spin.mocks.json'),
      text: JSON.stringify({ LocalHandlers: { Spin: 'hardening.mjs#spawnsAndSpinsReporting' } }),
    };
    const client = new LspClient();
    await client.initialize();
    await client.open(uri, JSON.stringify(definition), 1);
    client.request(RUN_REQUEST, { uri, mocks, allowHandlers: true }).catch(() => undefined);
    await eventually('the handler is spinning', () => existsSync(report) && /grandchild \d+/.test(readFileSync(report, 'utf8')), 10_000);
    const [, worker, grandchild] = (/worker (\d+) grandchild (\d+)/.exec(readFileSync(report, 'utf8')) ?? []).map(Number);
    assert.ok(alive(worker) && alive(grandchild));
    if (how === 'exit') await client.shutdown();
    else {
      const exited = new Promise((resolve) => client.process.on('exit', resolve));
      client.process.kill('SIGTERM');
      await exited;
      client.connection.dispose();
    }
    await eventually(`worker ${worker} ends`, () => !alive(worker), 10_000);
    await eventually(`grandchild ${grandchild} ends`, () => !alive(grandchild), 10_000);
  });
}
