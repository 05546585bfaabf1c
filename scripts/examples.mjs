// The main job on the bundled examples: check every machine, then run every mock file's test
// cases (dry runs against mocked responses and local handlers). Exit 1 if anything fails.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const cli = (args) => spawnSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' }).status ?? 1;

let failed = 0;
console.log('== asl-workbench check examples');
if (cli(['check', 'examples']) !== 0) failed++;
for (const dir of readdirSync('examples').sort()) {
  const machine = join('examples', dir, `${dir}.asl.json`);
  const mocks = join('examples', dir, `${dir}.mocks.json`);
  if (!existsSync(machine) || !existsSync(mocks)) continue;
  console.log(`\n== asl-workbench test ${machine} --mocks ${mocks}`);
  if (cli(['test', machine, '--mocks', mocks]) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
