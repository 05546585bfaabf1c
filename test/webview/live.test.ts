/**
 * An execution of a running endpoint in the real panel page (headless Chromium): a real `serve`,
 * the editor's watch logic (client/src/endpointWatch.ts) following the execution, and each update
 * sent to the page as the extension sends it. While it waits for its callback the state shows as
 * running (not failed); at its end, as a dry run's result shows.
 */
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { CreateStateMachineCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { analyze } from '../../server/src/core';
import { graphOf } from '../../server/src/core/graph';
import { EndpointClient } from '../../client/src/endpointClient';
import { followExecution, type LiveExecution } from '../../client/src/endpointWatch';
import { ROLE, serve, until, type Served } from '../endpoint/serve';
import { browserSuite, PanelPage, showGraph } from './page';

const { harness, btest, skip } = browserSuite();
let s: Served | undefined;
before(async () => {
  if (!skip) s = await serve(['--wait-time-scale', '0']);
});
after(async () => {
  await s?.stop();
});

const APPROVAL = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Next: 'Approve' },
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: { 'token.$': '$$.Task.Token' } },
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

btest('a followed endpoint execution: the state waiting for its callback shows running, then the run ends as a dry run does', async () => {
  const p = await harness.open();
  await showGraph(p, graphOf(analyze(JSON.stringify(APPROVAL))));
  const arn = (
    await s!.client.send(new CreateStateMachineCommand({ name: 'live-panel', definition: JSON.stringify(APPROVAL), roleArn: ROLE }))
  ).stateMachineArn!;
  const exec = (await s!.client.send(new StartExecutionCommand({ stateMachineArn: arn }))).executionArn!;
  const updates: LiveExecution[] = [];
  const followed = followExecution(new EndpointClient(s!.url), exec, (u) => updates.push(u));
  const waiting = await until(async () => updates.find((u) => u.result.events.some((e) => e.type === 'TaskScheduled')));
  await p.send({ type: 'runResult', result: waiting.result, millis: 5 });
  await p.page.waitForSelector('#canvas svg.run');
  assert.equal(await p.page.textContent(`${PanelPage.node('Approve')} .run-badge text`), '▶ running');
  assert.ok(await p.page.$eval(PanelPage.node('Approve'), (g) => g.classList.contains('run-running')));
  assert.equal(await p.page.textContent(`${PanelPage.node('Prepare')} .run-badge text`), '✓');
  const head = (await p.page.textContent('#result')) ?? '';
  assert.match(head, /^RUNNING · 2 states/);
  assert.doesNotMatch(head, /Error:/);
  assert.equal(await p.page.$$eval('#rows tr', (r) => r.length), waiting.result.events.length);

  const token = (waiting.result.events.find((e) => e.type === 'TaskScheduled')!.details!.parameters as { MessageBody: { token: string } })
    .MessageBody.token;
  await s!.client.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
  const end = await followed;
  await p.send({ type: 'runResult', result: end.result, millis: 9 });
  await p.page.waitForFunction(
    () =>
      (globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document
        .querySelector('#result')
        ?.textContent?.startsWith('SUCCEEDED') === true,
  );
  assert.equal(await p.page.textContent(`${PanelPage.node('Approve')} .run-badge text`), '✓');
  assert.equal(await p.page.$$eval('#rows tr', (r) => r.length), end.result.events.length);
  assert.deepEqual(await p.violations(), []);
  await p.page.close();
});
