/**
 * The acceptance walk-throughs: the article-review example (scenario.md) with an invoker that
 * does what examples/article-review/handlers/article.mjs does, and the order example's retry
 * timing (IntervalSeconds 5, MaxAttempts 3, BackoffRate 2).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prepare, run } from '../../server/src/core/engine';
import type { TaskInvoker } from '../../server/src/core/engine';
import { eventTypes, exampleText, scripted, secondsBetween } from './engineHelpers';

/** The article handlers, inline, behind lambda:invoke's response shape. */
const HANDLERS: Record<string, (e: { name: string; status: string }) => unknown> = {
  ArticleDescription: (e) => ({ name: e.name, status: e.status }),
  AddToReview: (e) => ({ name: e.name, status: 'Review' }),
  MoveToPublish: (e) => ({ name: e.name, status: 'Publish' }),
  ShowArticle: (e) => ({ name: e.name, status: 'Review' }),
};

const articleInvoker: TaskInvoker = {
  async invoke(inv) {
    assert.equal(inv.resource, 'arn:aws:states:::lambda:invoke');
    const { FunctionName, Payload } = inv.payload as { FunctionName: string; Payload: { name: string; status: string } };
    const fn = FunctionName.split(':function:')[1].split(':')[0];
    return { ok: true, output: { ExecutedVersion: '$LATEST', Payload: HANDLERS[fn](Payload), StatusCode: 200 } };
  },
};

describe('article review walk-through', () => {
  const machine = prepare(exampleText('article-review'));

  test('the example definition is valid and prepares', () => {
    assert.equal(machine.ok, true, machine.diagnostics.map((d) => d.message).join('\n'));
  });

  test("Pending goes through Add To Review, with each state's input and output in the events", async () => {
    const r = await run(machine, { input: { name: 'Intro to DP', status: 'Pending' }, invoker: articleInvoker });
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.path, ['GeeksForGeeks Article Description', 'Choice', 'Add To Review', 'Show Article']);
    assert.deepEqual(r.output, { name: 'Intro to DP', status: 'Review' });
    const exited = (name: string) => r.events.find((e) => e.stateName === name && e.type.endsWith('StateExited'))!;
    const entered = (name: string) => r.events.find((e) => e.stateName === name && e.type.endsWith('StateEntered'))!;
    assert.deepEqual(entered('Add To Review').details, { name: 'Add To Review', input: { name: 'Intro to DP', status: 'Pending' } });
    assert.deepEqual(exited('Add To Review').details?.output, { name: 'Intro to DP', status: 'Review' });
    assert.deepEqual(exited('Choice').details?.output, { name: 'Intro to DP', status: 'Pending' });
    // OutputPath $.Payload: the data flow shows the lambda:invoke envelope, then the payload.
    const flow = exited('GeeksForGeeks Article Description').details?.dataFlow as Record<string, unknown>;
    assert.deepEqual(flow.afterParameters, {
      Payload: { name: 'Intro to DP', status: 'Pending' },
      FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:ArticleDescription:$LATEST',
    });
    assert.deepEqual(flow.afterOutputPath, { name: 'Intro to DP', status: 'Pending' });
    assert.equal(r.events.filter((e) => e.type === 'TaskScheduled').length, 3);
  });

  test('Review goes through Move To Publish', async () => {
    const r = await run(machine, { input: { name: 'Intro to DP', status: 'Review' }, invoker: articleInvoker });
    assert.equal(r.status, 'SUCCEEDED');
    assert.deepEqual(r.path, ['GeeksForGeeks Article Description', 'Choice', 'Move To Publish', 'Show Article']);
    const published = r.events.find((e) => e.stateName === 'Move To Publish' && e.type === 'TaskStateExited');
    assert.deepEqual(published?.details?.output, { name: 'Intro to DP', status: 'Publish' });
  });

  test('any other status takes the Default rule to Add To Review', async () => {
    const r = await run(machine, { input: { name: 'X', status: 'Draft' }, invoker: articleInvoker });
    assert.deepEqual(r.path, ['GeeksForGeeks Article Description', 'Choice', 'Add To Review', 'Show Article']);
  });

  test("the console's default Retry handles a transient Lambda.ServiceException", async () => {
    let calls = 0;
    const flaky: TaskInvoker = {
      async invoke(inv) {
        if (inv.stateName === 'Show Article' && ++calls === 1) return { ok: false, error: 'Lambda.ServiceException', cause: 'try again' };
        return articleInvoker.invoke(inv);
      },
    };
    const r = await run(machine, { input: { name: 'X', status: 'Pending' }, invoker: flaky, seed: 7 });
    assert.equal(r.status, 'SUCCEEDED');
    assert.equal(calls, 2);
    // JitterStrategy FULL: the wait is a seeded random share of IntervalSeconds (1 s).
    const failed = r.events.find((e) => e.type === 'TaskFailed')!;
    const again = r.events.filter((e) => e.type === 'TaskScheduled' && e.stateName === 'Show Article')[1];
    const waited = secondsBetween(failed, again);
    assert.ok(waited >= 0 && waited <= 1, `waited ${waited}`);
    const r2 = await run(machine, {
      input: { name: 'X', status: 'Pending' },
      invoker: {
        invoke: async (i) => {
          if (i.stateName === 'Show Article' && i.attempt === 1) return { ok: false, error: 'Lambda.ServiceException' };
          return articleInvoker.invoke(i);
        },
      },
      seed: 7,
    });
    assert.equal(r2.simulatedSeconds, r.simulatedSeconds, 'the same seed gives the same jitter');
  });
});

describe('order processing: retry timing', () => {
  const machine = prepare(exampleText('order-processing'));

  test('PaymentFailed is retried after 5, 10 and 20 s of virtual time, then caught', async () => {
    const invoker = scripted({
      ValidateOrder: (p) => p,
      ProcessPayment: () => ({ ok: false, error: 'PaymentFailed', cause: 'card declined' }),
    });
    const started = Date.now();
    const r = await run(machine, { input: { orderId: 'o-1' }, invoker });
    const realMs = Date.now() - started;
    assert.equal(r.status, 'FAILED');
    assert.equal(r.error, 'OrderFailed');
    assert.deepEqual(r.path, ['ValidateOrder', 'ProcessPayment', 'PaymentFallback', 'OrderFailed']);
    const attempts = r.events.filter((e) => e.stateName === 'ProcessPayment' && e.type === 'LambdaFunctionScheduled');
    const failures = r.events.filter((e) => e.stateName === 'ProcessPayment' && e.type === 'LambdaFunctionFailed');
    assert.equal(attempts.length, 4);
    assert.deepEqual(
      [1, 2, 3].map((i) => secondsBetween(failures[i - 1], attempts[i])),
      [5, 10, 20],
    );
    assert.equal(r.simulatedSeconds, 35);
    assert.equal(
      invoker.calls
        .filter((c) => c.stateName === 'ProcessPayment')
        .map((c) => c.attempt)
        .join(),
      '1,2,3,4',
    );
    assert.ok(realMs < 1000, `took ${realMs} ms of real time`);
    const fallback = r.events.find((e) => e.type === 'PassStateExited' && e.stateName === 'PaymentFallback');
    assert.deepEqual(fallback?.details?.output, { orderId: 'o-1', status: 'PAYMENT_FAILED', reason: 'card declined' });
  });

  test('a payment that succeeds on the second try goes on to SendConfirmation', async () => {
    let n = 0;
    const invoker = scripted({
      ProcessPayment: () => (++n === 1 ? { ok: false, error: 'PaymentFailed' } : { paid: true }),
      UpdateInventory: () => ({ reserved: 1 }),
    });
    const r = await run(machine, { input: { orderId: 'o-2' }, invoker });
    assert.equal(r.status, 'SUCCEEDED');
    assert.equal(r.simulatedSeconds, 5);
    assert.deepEqual(r.output, { orderId: 'o-2', payment: { paid: true }, inventory: { reserved: 1 } });
    const sns = invoker.calls.find((c) => c.stateName === 'SendConfirmation');
    assert.deepEqual(sns?.payload, { TopicArn: 'arn:aws:sns:us-east-1:123456789012:OrderConfirmations', Message: 'Order o-2 confirmed' });
    assert.ok(eventTypes(r).includes('TaskScheduled'));
  });
});
