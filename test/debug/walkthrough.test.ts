/**
 * The debug adapter over stdio with a DAP client, on the seed walk-through (article review):
 * a breakpoint on Choice, its input, a step to Add To Review, evaluate, step back, and the end
 * with the output `asl-workbench run` gives.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  ARTICLE,
  ARTICLE_MOCKS,
  CLI,
  ADAPTER,
  clientsPerTest,
  ROOT,
  ended,
  launch,
  lineOf,
  resumeTo,
  scopeValues,
  stopped,
} from './client';

const INPUT = { name: 'Intro to DP', status: 'Pending' };
const start = clientsPerTest();

before(() => {
  for (const f of [ADAPTER, CLI]) assert.ok(existsSync(f), `${f} is missing: run "npm run build" first`);
});

test('walk-through: breakpoint on Choice, its input, step, evaluate, step back, same output as run', async () => {
  const dc = await start();
  const choiceLine = lineOf(ARTICLE, '"Choice": {');
  const firstStop = dc.waitForEvent('stopped');
  // A breakpoint two lines inside the state's text maps to the state (moved to its name's line).
  const bps = await launch(dc, { program: ARTICLE, mocks: ARTICLE_MOCKS, input: INPUT }, { breakpoints: [{ line: choiceLine + 3 }] });
  assert.equal(bps.length, 1);
  assert.equal(bps[0].verified, true);
  assert.equal(bps[0].line, choiceLine);

  let stop = await stopped(dc, firstStop);
  assert.equal(stop.reason, 'breakpoint');
  assert.equal(stop.threadId, 1);
  assert.equal(stop.frames[0].name, 'Choice');
  assert.equal(stop.frames[0].line, choiceLine);
  assert.equal(stop.frames[0].source?.path, ARTICLE);
  assert.match(stop.frames.at(-1)!.name, /^Execution article-review/);

  // The input Choice gets is what the first handler passed on (OutputPath $.Payload).
  const state = await scopeValues(dc, stop.frames[0].id, 'State');
  // Each value names the expression that reads it (Add to Watch), and that expression reads it.
  const scopes = await dc.scopesRequest({ frameId: stop.frames[0].id });
  const stateVars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
  const inputVar = stateVars.body.variables.find((v) => v.name === 'input')!;
  const status = (await dc.variablesRequest({ variablesReference: inputVar.variablesReference })).body.variables.find(
    (v) => v.name === 'status',
  )!;
  assert.equal(status.evaluateName, '$states.input.status');
  assert.equal(
    (await dc.evaluateRequest({ expression: status.evaluateName!, frameId: stop.frames[0].id, context: 'watch' })).body.result,
    '"Pending"',
  );
  assert.deepEqual(state.input, INPUT);
  assert.equal(state.type, 'Choice');
  const flow = await scopeValues(dc, stop.frames[0].id, 'Data flow: GeeksForGeeks Article Description');
  assert.deepEqual(flow.afterParameters, {
    Payload: INPUT,
    FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:ArticleDescription:$LATEST',
  });
  assert.deepEqual(flow.output, INPUT);

  stop = await resumeTo(dc, () => dc.nextRequest({ threadId: 1 }));
  assert.equal(stop.reason, 'step');
  assert.equal(stop.frames[0].name, 'Add To Review');
  assert.equal(stop.frames[0].line, lineOf(ARTICLE, '"Add To Review": {'));

  // What the Task will send, before it runs (Parameters over the input).
  const ahead = await scopeValues(dc, stop.frames[0].id, 'Data flow (before it runs)');
  assert.deepEqual(ahead.afterParameters, {
    Payload: INPUT,
    FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:AddToReview:$LATEST',
  });

  const frameId = stop.frames[0].id;
  const jsonPath = await dc.evaluateRequest({ expression: '$.status', frameId, context: 'repl' });
  assert.equal(jsonPath.body.result, 'Pending');
  const jsonata = await dc.evaluateRequest({
    expression: '$states.input.name & " (" & $states.context.State.Name & ")"',
    frameId,
    context: 'repl',
  });
  assert.equal(jsonata.body.result, 'Intro to DP (Add To Review)');
  const intrinsic = await dc.evaluateRequest({ expression: "States.Format('{} is {}', $.name, $.status)", frameId, context: 'repl' });
  assert.equal(intrinsic.body.result, 'Intro to DP is Pending');
  await assert.rejects(dc.evaluateRequest({ expression: '$states.input.(', frameId, context: 'repl' }));

  stop = await resumeTo(dc, () => dc.stepBackRequest({ threadId: 1 }));
  assert.equal(stop.reason, 'step');
  assert.equal(stop.frames[0].name, 'Choice');
  assert.deepEqual((await scopeValues(dc, stop.frames[0].id, 'State')).input, INPUT);

  const exited = dc.waitForEvent('exited');
  const terminated = dc.waitForEvent('terminated');
  await dc.continueRequest({ threadId: 1 });
  const end = await ended(dc, exited, terminated);
  assert.equal(end.exitCode, 0);

  const run = spawnSync(process.execPath, [CLI, 'run', ARTICLE, '--mocks', ARTICLE_MOCKS, '--input', JSON.stringify(INPUT), '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const expected = JSON.parse(run.stdout);
  assert.equal(end.data.status, expected.status);
  assert.deepEqual(end.data.output, expected.output);
  assert.deepEqual(end.data.path, expected.path);
  // The handlers' console output is not repeated by the re-run that stepped back.
  const logs = dc.outputs.filter((o) => o.body.category === 'stdout').map((o) => o.body.output);
  assert.equal(new Set(logs).size, logs.length);
});
