// Bundles the entry points with esbuild. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // jsonc-parser's UMD build hides its requires from bundlers; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  sourcemap: true,
  minify: process.argv.includes('--minify'),
  logLevel: 'warning',
  define: { __VERSION__: JSON.stringify(pkg.version) },
};
const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['server/src/node/handlers/worker.ts'], outfile: 'dist/handler-worker.js' },
  // The debug adapter (debug type "asl") the extension starts; also `asl-workbench debug-adapter`.
  { ...common, entryPoints: ['server/src/debug/stdio.ts'], outfile: 'dist/debug-adapter.js' },
  // Dry runs of the server and the CLI run in this worker thread (server/src/dryRun/isolated.ts).
  { ...common, entryPoints: ['server/src/dryRun/worker.ts'], outfile: 'dist/dry-run-worker.js' },
  // The graph panel's webview script: runs in the browser, loaded from media/ (see client/src/panel/html.ts).
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['media/src/main.ts'], outfile: 'media/dist/graph.js' },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching...');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
