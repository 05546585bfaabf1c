import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CrashWindow } from '../../client/src/crashWindow';
import { statusText } from '../../client/src/statusText';
import { OfferedMockFiles } from '../../client/src/panel/offeredMocks';

test('crash window: restarts up to the limit within the window, then refuses', () => {
  let now = 0;
  const w = new CrashWindow(3, 60_000, () => now);
  assert.equal(w.recordCrash(), true);
  assert.equal(w.recordCrash(), true);
  assert.equal(w.recordCrash(), true);
  assert.equal(w.recordCrash(), false);
  now += 61_000; // old crashes leave the window
  assert.equal(w.recordCrash(), true);
  w.reset();
  assert.equal(w.recordCrash(), true);
});

test('status text: server state and the file error count', () => {
  assert.match(statusText('starting', undefined).text, /loading/);
  assert.equal(statusText('running', { errors: 0, warnings: 0 }).text, '$(check) ASL');
  assert.equal(statusText('running', { errors: 2, warnings: 1 }).text, '$(error) ASL: 2');
  assert.match(statusText('running', { errors: 2, warnings: 1 }).tooltip, /2 errors, 1 warning/);
  assert.equal(statusText('running', { errors: 0, warnings: 3 }).text, '$(warning) ASL: 3');
  const failed = statusText('failed', undefined, 'exit code 1');
  assert.ok(failed.alarming);
  assert.match(failed.tooltip, /Restart Language Server[\s\S]*exit code 1/);
});

test('panel runs: only mock-file URIs the extension offered to the webview are read', () => {
  const offered = new OfferedMockFiles();
  const mine = 'file:///work/app/orders.mocks.json';
  assert.equal(offered.accepts(mine), false, 'nothing offered yet');
  offered.offer([{ uri: mine }, { uri: 'file:///work/app/other%20mock.json' }]);
  assert.equal(offered.accepts(mine), true);
  assert.equal(offered.accepts('file:///work/app/other%20mock.json'), true);
  // What a tampered page might name instead.
  for (const uri of [
    'file:///etc/passwd',
    'file:///work/app/orders.mocks.json/../../../etc/passwd',
    'FILE:///work/app/orders.mocks.json',
    'file:///work/app/other mock.json',
    '',
    42,
    null,
    ['file:///work/app/orders.mocks.json'],
  ]) {
    assert.equal(offered.accepts(uri), false, String(uri));
  }
  // A new discovery replaces the offer: a file no longer found is no longer accepted.
  offered.offer([{ uri: 'file:///work/app/new.mocks.json' }]);
  assert.equal(offered.accepts(mine), false);
  assert.equal(offered.accepts('file:///work/app/new.mocks.json'), true);
});
