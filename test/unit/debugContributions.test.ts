/** package.json's debug type `asl` agrees with the adapter: attributes, breakpoints, activation. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LAUNCH_ATTRIBUTES } from '../../server/src/debug/launch';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));

test('the asl debugger declares every launch attribute the adapter reads, and no other', () => {
  const dbg = pkg.contributes.debuggers.find((d: { type: string }) => d.type === 'asl');
  assert.ok(dbg, 'no debugger of type asl');
  assert.deepEqual(Object.keys(dbg.configurationAttributes.launch.properties).sort(), [...LAUNCH_ATTRIBUTES].sort());
  assert.deepEqual(dbg.languages, ['asl', 'asl-yaml']);
  assert.equal(dbg.initialConfigurations[0].program, '${file}');
});

test('breakpoints may be set in asl files, YAML machines and templates, and the debugger and its command activate the extension', () => {
  for (const language of ['asl', 'asl-yaml', 'yaml', 'json'])
    assert.ok(
      pkg.contributes.breakpoints.some((b: { language: string }) => b.language === language),
      language,
    );
  for (const e of ['onDebugResolve:asl', 'onCommand:aslWorkbench.debug']) assert.ok(pkg.activationEvents.includes(e), e);
  assert.ok(pkg.contributes.commands.some((c: { command: string }) => c.command === 'aslWorkbench.debug'));
});

test('the graph context menu on a state toggles a breakpoint, and only there', () => {
  const menu = pkg.contributes.menus['webview/context'].find(
    (m: { command: string }) => m.command === 'aslWorkbench.graph.toggleBreakpoint',
  );
  assert.ok(menu, 'no webview/context entry');
  assert.match(menu.when, /webviewId == 'aslWorkbench\.graph'/);
  assert.match(menu.when, /webviewSection == 'graphState'/);
  assert.ok(
    pkg.contributes.menus.commandPalette.some(
      (m: { command: string; when: string }) => m.command === 'aslWorkbench.graph.toggleBreakpoint' && m.when === 'false',
    ),
  );
});
