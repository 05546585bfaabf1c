// Runs the same end-to-end suite in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code from Microsoft (these build machines cannot: there, use
// `npm run test:e2e`, which runs it in code-server). Build first: `npm run build`.
//   node test/e2e/run-electron.js            downloads VS Code 1.100.3 into .vscode-test/
//   VSCODE_EXECUTABLE=/path/to/code node test/e2e/run-electron.js   uses an installed build
// The tests that read the rendered workbench (status bar, Problems panel) need the code-server
// runner's DOM bridge; here they are reported as pending, with the reason.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

const ROOT = path.resolve(__dirname, '../..');

/** The same workspace scripts/e2e/run.sh prepares: a copy of examples/ plus the fixtures. */
function prepareWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asl-e2e-electron-'));
  const workspace = path.join(dir, 'workspace');
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  for (const f of fs.readdirSync(path.join(__dirname, 'fixtures'))) {
    if (f.endsWith('.asl.json')) fs.copyFileSync(path.join(__dirname, 'fixtures', f), path.join(workspace, f));
  }
  return { dir, workspace };
}

async function main() {
  for (const f of ['dist/extension.js', 'dist/server.js']) {
    if (!fs.existsSync(path.join(ROOT, f))) throw new Error(`${f} is missing: run "npm run build" first`);
  }
  const { dir, workspace } = prepareWorkspace();
  try {
    await runTests({
      // The version code-server 4.100.3 embeds, so both runners test against the same VS Code.
      version: process.env.VSCODE_VERSION || '1.100.3',
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(__dirname, 'suite', 'index.js'),
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--user-data-dir',
        path.join(dir, 'user-data'),
      ],
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
