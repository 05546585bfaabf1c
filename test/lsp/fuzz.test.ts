/**
 * The fuzz script (scripts/fuzz-lsp.mjs) against the built server, briefly: a fixed seed, then a
 * random one whose seed the output prints. Random edits (hostile text included) and random
 * requests with odd parameters; zero crashes, hangs, internal errors and mismatches with a fresh
 * server. A longer run: node scripts/fuzz-lsp.mjs --seconds 600
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'fuzz-lsp.mjs');
/** Seconds per run: long enough for a few hundred edits on a shared two-core machine. */
const SECONDS = 20;
const FIXED_SEED = 20261207;

function fuzz(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

for (const [name, seedArgs] of [['a fixed seed', ['--seed', String(FIXED_SEED)]], ['a random seed (printed)', []]] as const) {
  test(`fuzz: ${SECONDS} s of random edits and requests with ${name}, compared with a fresh server`, { timeout: (SECONDS + 120) * 1000 }, async () => {
    const r = await fuzz(...seedArgs, '--seconds', String(SECONDS), '--iterations', '100000');
    console.log(r.out.trim());
    assert.equal(r.code, 0, r.out);
    const [, edits, checks] = /(\d+) edits, \d+ requests answered .* (\d+) comparisons/.exec(r.out) ?? [];
    assert.ok(Number(edits) >= 50, `only ${edits} edits ran`);
    assert.ok(Number(checks) >= 2, `only ${checks} comparisons`);
  });
}
