// Entry of the end-to-end suite, in the form @vscode/test-electron's extensionTestsPath expects
// (`run(): Promise<void>`), so the same suite runs in code-server (scripts/e2e/run.sh) and in a
// downloaded desktop VS Code (test/e2e/run-electron.js). It runs inside the extension host.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const Mocha = require('mocha');

// Under code-server the extension host's console reaches the runner mixed with the workbench's
// own log: tag the report's lines so scripts/e2e/run-ext-tests.js can print just those.
const TAG = process.env.ASL_E2E_TAG_OUTPUT === '1' ? '[asl-e2e] ' : '';
const RESULT_PREFIX = 'ASL-E2E-RESULT ';

exports.run = function run() {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    // A cold language server on a loaded CI machine; every wait inside a test has its own, shorter limit.
    timeout: 60_000,
    grep: process.env.E2E_GREP || undefined,
  });
  const log = console.log.bind(console);
  // The spec reporter prints through Base.consoleLog, one call per line (format string + args).
  Mocha.reporters.Base.consoleLog = (...args) => {
    for (const line of util.format(...args).split('\n')) log(TAG + line);
  };
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats || {};
      log(RESULT_PREFIX + JSON.stringify({ passed: passes, failed: failures, pending }));
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed.`));
      else resolve();
    });
  });
};
