/** Which workspace file an endpoint's state machine came from (client/src/endpointSource.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameValue, sourceOf } from '../../client/src/endpointSource';

const DEF = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

test('the file with the same definition, however it is laid out, wins over a file named like the machine', () => {
  const files = [
    { uri: 'file:///w/orders.asl.json', text: JSON.stringify({ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }) },
    { uri: 'file:///w/flows/approval.asl.json', text: JSON.stringify(DEF, null, 4) },
  ];
  assert.equal(sourceOf(JSON.stringify(DEF), 'orders', files), 'file:///w/flows/approval.asl.json');
});

test('no file with that definition: the .asl.json / .asl.yaml file named like the machine; else none', () => {
  const files = [
    { uri: 'file:///w/other.asl.json', text: '{"StartAt":"X","States":{}}' },
    { uri: 'file:///w/my%20flow.asl.yaml', text: 'StartAt: A' },
  ];
  assert.equal(sourceOf(JSON.stringify(DEF), 'my flow', files), 'file:///w/my%20flow.asl.yaml');
  assert.equal(sourceOf(JSON.stringify(DEF), 'unrelated', files), undefined);
  assert.equal(sourceOf('not json', 'other', files), 'file:///w/other.asl.json');
});

test('sameValue: keys in any order, arrays in order, types kept apart', () => {
  assert.ok(sameValue({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }));
  assert.ok(!sameValue({ a: [1, 2] }, { a: [2, 1] }));
  assert.ok(!sameValue({ a: 1 }, { a: '1' }));
  assert.ok(!sameValue({ a: 1 }, { a: 1, b: undefined }));
  assert.ok(!sameValue([], {}));
});
