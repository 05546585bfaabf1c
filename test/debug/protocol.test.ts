/** The debugger's messages are checked on arrival: the progress event, the panel's debug messages. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_PROGRESS_EVENTS, progressEvents, progressPanels, readDebugProgress } from '../../protocol/debug';
import { readToExtension, readToWebview } from '../../protocol/panel';
import type { HistoryEvent } from '../../server/src/core/engine/types';

const PAUSED = {
  file: '/w/m.asl.json',
  phase: 'paused',
  current: { stateName: 'Choice', scope: [] },
  events: [{ id: 1, type: 'ExecutionStarted' }],
};

test('a progress event is read whole, or refused with the reason', () => {
  assert.deepEqual(readDebugProgress(PAUSED), PAUSED);
  assert.equal(readDebugProgress({ ...PAUSED, phase: 'sleeping' }), '"phase" must be paused, running or ended');
  assert.equal(readDebugProgress({ ...PAUSED, current: { stateName: 'Choice' } }), '"current" needs "stateName" and "scope"');
  assert.equal(readDebugProgress({ ...PAUSED, events: [{ id: '1', type: 'x' }] }), 'a history event is malformed');
  assert.equal(
    readDebugProgress({ ...PAUSED, events: [{ id: 1, type: 'x', details: [] }] }),
    'a history event\'s "details" must be an object',
  );
  assert.equal(readDebugProgress({ ...PAUSED, machine: 3 }), '"machine" must be a string');
  assert.equal(readDebugProgress(null), 'needs a string "file"');
  const linked = { ...PAUSED, file: '/w/flow.asl.json', machine: 'Flow', template: '/w/template.yaml' };
  assert.deepEqual(readDebugProgress(linked), linked);
  assert.equal(readDebugProgress({ ...PAUSED, template: '/w/template.yaml' }), '"template" must be a string, with "machine"');
  assert.equal(readDebugProgress({ ...linked, template: 7 }), '"template" must be a string, with "machine"');
});

test("the panels a progress is for: the file's (machine file, template machine), or a linked file's and its template machine's", () => {
  assert.deepEqual(progressPanels({ file: '/w/m.asl.json' }), [{ file: '/w/m.asl.json' }]);
  assert.deepEqual(progressPanels({ file: '/w/template.yaml', machine: 'Flow' }), [{ file: '/w/template.yaml', machine: 'Flow' }]);
  assert.deepEqual(progressPanels({ file: '/w/flow.asl.json', machine: 'Flow', template: '/w/template.yaml' }), [
    { file: '/w/template.yaml', machine: 'Flow' },
    { file: '/w/flow.asl.json' },
  ]);
});

test("the panel's debug messages: progress or null, breakpoints, a toggle", () => {
  assert.deepEqual(readToWebview({ type: 'debug', progress: null }), { type: 'debug', progress: null });
  assert.deepEqual(readToWebview({ type: 'debug', progress: PAUSED }), { type: 'debug', progress: PAUSED });
  assert.equal(readToWebview({ type: 'debug', progress: { ...PAUSED, file: 1 } }), 'debug: needs a string "file"');
  const nodes = [
    { nodeId: 'm/Choice', enabled: true, detail: 'When: x' },
    { nodeId: 'm/A', enabled: false },
  ];
  assert.deepEqual(readToWebview({ type: 'breakpoints', nodes }), { type: 'breakpoints', nodes });
  assert.match(readToWebview({ type: 'breakpoints', nodes: [{ nodeId: 'm/A' }] }) as string, /^breakpoints needs/);
  assert.deepEqual(readToExtension({ type: 'toggleBreakpoint', nodeId: 'm/Choice', x: 1 }), {
    type: 'toggleBreakpoint',
    nodeId: 'm/Choice',
  });
  assert.equal(readToExtension({ type: 'toggleBreakpoint', nodeId: 3 }), 'toggleBreakpoint needs a string "nodeId"');
});

test('the events sent: what the graph reads of each, and only the last ones of a long run', () => {
  const big = 'x'.repeat(1000);
  const events: HistoryEvent[] = [
    {
      id: 1,
      previousEventId: 0,
      timestamp: 't',
      type: 'ChoiceStateExited',
      stateName: 'C',
      scope: ['M', 'iteration 0'],
      details: { output: big, matchedRule: 1 },
    },
    { id: 2, previousEventId: 1, timestamp: 't', type: 'TaskFailed', stateName: 'T', details: { error: 'E', cause: 'C', resource: big } },
    { id: 3, previousEventId: 2, timestamp: 't', type: 'PassStateEntered', stateName: 'P', details: { input: big } },
  ];
  assert.deepEqual(progressEvents(events), [
    { id: 1, type: 'ChoiceStateExited', stateName: 'C', scope: ['M', 'iteration 0'], details: { matchedRule: 1 } },
    { id: 2, type: 'TaskFailed', stateName: 'T', details: { error: 'E', cause: 'C' } },
    { id: 3, type: 'PassStateEntered', stateName: 'P' },
  ]);
  const many = Array.from({ length: MAX_PROGRESS_EVENTS + 5 }, (_, i): HistoryEvent => ({
    id: i + 1,
    previousEventId: i,
    timestamp: 't',
    type: 'PassStateEntered',
    stateName: 'P',
  }));
  const sent = progressEvents(many);
  assert.equal(sent.length, MAX_PROGRESS_EVENTS);
  assert.equal(sent[0].id, 6);
});
