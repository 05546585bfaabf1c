// Summarises a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time, self time per
// file, and time per core file including callees (so a rule's share covers the helpers it calls).
// Usage: node bench/profile-summary.mjs FILE.cpuprofile [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs FILE.cpuprofile [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map();
const parent = new Map();
for (const node of profile.nodes) {
  byId.set(node.id, node);
  for (const child of node.children ?? []) parent.set(child, node.id);
}

/** Paths shortened to what a reader recognises: project files from the repository root. */
function shortUrl(url) {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) return path.slice(nm + 'node_modules/'.length);
  const out = path.indexOf('/out/');
  return out >= 0 ? path.slice(out + 5) : path;
}

const selfByFunction = new Map();
const selfByFile = new Map();
const inclusiveByCoreFile = new Map();
let total = 0;
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);

for (let i = 0; i < profile.samples.length; i++) {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  total += ms;
  const node = byId.get(profile.samples[i]);
  const { functionName, url, lineNumber } = node.callFrame;
  const where = shortUrl(url);
  add(selfByFunction, `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`, ms);
  add(selfByFile, where, ms);
  // Each core file on the stack gets the sample once, however deep the recursion.
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const u = shortUrl(byId.get(id).callFrame.url);
    if (u.startsWith('server/src/core/') && !seen.has(u)) {
      seen.add(u);
      add(inclusiveByCoreFile, u, ms);
    }
  }
}

function print(title, map, limit) {
  console.log(`\n${title}`);
  const rows = [...map].sort((a, b) => b[1] - a[1]).slice(0, limit);
  for (const [key, ms] of rows) console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}`);
}

console.log(`${file}: ${total.toFixed(0)} ms sampled`);
print(`Top ${top} functions by self time`, selfByFunction, top);
print('Self time by file', selfByFile, 15);
print('Time inside each core file, callees included', inclusiveByCoreFile, 30);
