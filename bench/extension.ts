/**
 * Extension benchmark: what the packaged extension weighs and how fast it comes up in a real
 * VS Code (code-server 4.100.3). Packages the .vsix (`npm run package`, unless --vsix=FILE),
 * lists its entries, then runs the UI walkthrough (scripts/e2e/walkthrough.sh, which installs the
 * .vsix into a fresh profile) --runs times and reports the medians of what it timed. Prints
 * tables; writes bench/results/extension.json.
 *
 * Options: --vsix=FILE  --runs=N (default 3)  --no-ui (sizes only)
 * Run: npm run compile-tests && node out/bench/extension.js
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kilobytes, ms, table } from './format';

const ROOT = resolve(__dirname, '../..');
const BUNDLES = ['dist/extension.js', 'dist/server.js', 'dist/cli.js'];

/** What scripts/e2e/ui-walkthrough.js writes to timings.json (all in milliseconds). */
interface UiTimings {
  /** `code-server --install-extension` of the .vsix. */
  installMs?: number;
  /** Click on the seed example in the explorer until the status bar says the server is running. */
  openToServerRunningMs?: number;
  /** The same click until the extension host activated us (includes the host's own start-up if it was not up yet). */
  openToActivationMs?: number;
  /** From the activation (extension host log) until the status bar says running: client + server start-up. */
  activationToServerRunningMs?: number;
  /** Typing a typo until its error squiggle is drawn (debounce + analysis + round trip + paint). */
  editToSquiggleMs?: number;
  /** "ASL: Restart Language Server" until the status bar says running again. */
  restartMs?: number;
  /** The extension's activation as VS Code reports it (Developer: Show Running Extensions). */
  activationMs?: number;
}
const UI_FIGURES: { key: keyof UiTimings; label: string }[] = [
  { key: 'activationMs', label: 'activation (reported by VS Code: code loading + activate())' },
  { key: 'activationToServerRunningMs', label: 'activation until the server runs (client + server start-up)' },
  { key: 'openToActivationMs', label: 'click on the first .asl.json until activation' },
  { key: 'openToServerRunningMs', label: 'click on the first .asl.json until the server runs' },
  { key: 'editToSquiggleMs', label: 'type a typo until its squiggle is drawn' },
  { key: 'restartMs', label: '"ASL: Restart Language Server" until running' },
  { key: 'installMs', label: 'code-server --install-extension' },
];

interface ZipEntry {
  name: string;
  compressed: number;
  size: number;
}

function option(name: string): string | undefined {
  const arg = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : (arg.split('=')[1] ?? '');
}

/** The entries of a zip file, from its central directory (a .vsix is a zip). */
function zipEntries(file: string): ZipEntry[] {
  const buf = readFileSync(file);
  // The end-of-central-directory record is in the last 64 KB + 22 bytes (it may carry a comment).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    entries.push({
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
      compressed: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function run(command: string, args: string[], env: Record<string, string> = {}): { ok: boolean; output: string } {
  const r = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

function packageVsix(): string {
  const given = option('vsix');
  if (given) return resolve(given);
  console.log('npm run package ...');
  const r = run('npm', ['run', '--silent', 'package']);
  if (!r.ok) {
    console.error(r.output.split('\n').slice(-15).join('\n'));
    throw new Error('npm run package failed (pass --vsix=FILE to measure an existing package)');
  }
  return join(ROOT, 'asl-workbench.vsix');
}

/** Sizes as shipped: read from the .vsix itself, so a dist/ rebuilt since cannot skew them. */
function sizes(vsix: string) {
  const entries = zipEntries(vsix).filter((e) => !e.name.endsWith('/'));
  const bundles = BUNDLES.map((file) => {
    const entry = entries.find((e) => e.name === `extension/${file}`);
    return { file, bytes: entry?.size, compressed: entry?.compressed };
  });
  return { vsixBytes: statSync(vsix).size, entries, bundles };
}

function uiRuns(vsix: string, runs: number): UiTimings[] {
  const results: UiTimings[] = [];
  for (let i = 1; i <= runs; i++) {
    const out = mkdtempSync(join(tmpdir(), 'asl-bench-ui-'));
    const started = Date.now();
    const r = run('bash', ['scripts/e2e/walkthrough.sh'], { ASL_VSIX: vsix, UI_OUT: out, UI_SKIP_SUITE: '1' });
    const timingsFile = join(out, 'timings.json');
    if (!r.ok || !existsSync(timingsFile)) {
      console.error(r.output.split('\n').slice(-25).join('\n'));
      rmSync(out, { recursive: true, force: true });
      throw new Error(`UI walkthrough run ${i} failed`);
    }
    const t = JSON.parse(readFileSync(timingsFile, 'utf8')) as UiTimings;
    rmSync(out, { recursive: true, force: true });
    console.log(
      `  run ${i}/${runs} (${((Date.now() - started) / 1000).toFixed(0)} s): activation ${ms(t.activationMs)}, ` +
        `activation to running ${ms(t.activationToServerRunningMs)}, edit to squiggle ${ms(t.editToSquiggleMs)}`,
    );
    results.push(t);
  }
  return results;
}

function main(): void {
  const runs = Math.max(1, Number(option('runs') ?? 3));
  const vsix = packageVsix();
  const s = sizes(vsix);

  console.log(`\nBundle (${vsix.replace(`${ROOT}/`, '')}, ${s.entries.length} files)\n`);
  console.log(
    table(
      ['bundle', 'bytes', 'size', 'deflated in the .vsix'],
      s.bundles.map((b) => [
        b.file,
        b.bytes === undefined ? 'missing' : String(b.bytes),
        b.bytes === undefined ? '-' : kilobytes(b.bytes),
        b.compressed === undefined ? '-' : kilobytes(b.compressed),
      ]),
    ),
  );
  console.log('');
  console.log(
    table(
      ['.vsix entry', 'bytes', 'compressed'],
      [
        ...s.entries.map((e) => [e.name, String(e.size), String(e.compressed)]),
        ['.vsix file', String(s.vsixBytes), kilobytes(s.vsixBytes)],
      ],
    ),
  );

  let ui: { runs: UiTimings[]; medians: Partial<Record<keyof UiTimings, number>> } | undefined;
  if (option('no-ui') === undefined) {
    console.log(`\nActivation in code-server 4.100.3 (VS Code 1.100.3), the .vsix installed in a fresh profile, ${runs} run(s)`);
    // The machine's load shifts every figure below: say what it was.
    console.log(
      `  ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const results = uiRuns(vsix, runs);
    const medians: Partial<Record<keyof UiTimings, number>> = {};
    for (const { key } of UI_FIGURES) {
      const m = median(results.map((r) => r[key]).filter((v): v is number => typeof v === 'number'));
      if (m !== undefined) medians[key] = m;
    }
    console.log('');
    console.log(
      table(
        ['median of ' + runs, 'time', 'min', 'max'],
        UI_FIGURES.map(({ key, label }) => {
          const values = results.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
          return [label, ms(medians[key]), values.length ? ms(Math.min(...values)) : '-', values.length ? ms(Math.max(...values)) : '-'];
        }),
      ),
    );
    ui = { runs: results, medians };
  }

  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const file = join(ROOT, 'bench/results/extension.json');
  writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadavg: loadavg(), ...s, ui }, null, 2) +
      '\n',
  );
  console.log(`\nwrote ${file.replace(`${ROOT}/`, '')}`);
}

main();
