// Fast single-file test run for development: bundles the given .test.ts files with esbuild
// (no type check, so work in progress elsewhere does not get in the way) and runs them.
// Usage: node scripts/test-file.mjs test/unit/foo.test.ts [...]
import * as esbuild from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/test-file.mjs FILE.test.ts...');
  process.exit(2);
}
mkdirSync('out/.quick', { recursive: true });
const dir = mkdtempSync(join('out/.quick', 'run-'));
const outs = [];
for (const f of files) {
  const outfile = join(dir, basename(f).replace(/\.ts$/, '.js'));
  await esbuild.build({
    entryPoints: [f],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    packages: 'external',
    logLevel: 'warning',
  });
  outs.push(outfile);
}
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', ...outs], {
  stdio: 'inherit',
  cwd: process.cwd(),
});
process.exit(r.status ?? 1);
