/**
 * Coverage written out: a text summary for people, JSON for tools, and lcov (the tracefile of
 * genhtml, Codecov, Coveralls and VS Code coverage extensions): each state is a line (DA, hit
 * count = times entered), each transition and retrier a branch (BRDA) at the line it is written on.
 */
import { sumTotals, type CoverageItem, type MachineCoverage, type Ratio } from './index';

export type CoverageFormat = 'text' | 'json' | 'lcov';
export const COVERAGE_FORMATS: readonly CoverageFormat[] = ['text', 'json', 'lcov'];

const pct = (r: Ratio): string => (r.total === 0 ? '   -  ' : `${((100 * r.covered) / r.total).toFixed(1).padStart(5)}%`);
const row = (label: string, r: Ratio): string => `  ${label.padEnd(13)}${`${r.covered}/${r.total}`.padStart(9)}  ${pct(r)}\n`;

/** What an item is, in words: `state "X"`, `Catch #0 of "X" -> "Y"`, `Retry #1 of "X"`. */
export function describeItem(i: CoverageItem): string {
  const where = i.within.length ? ` (in ${i.within.map((w) => `"${w}"`).join(' > ')})` : '';
  if (i.kind === 'state') return `state "${i.state}"${where}`;
  if (i.kind === 'retrier') return `Retry #${i.index} of "${i.state}"${where}`;
  const which = i.transition === 'Choice' ? `Choice rule #${i.index}` : i.transition === 'Catch' ? `Catch #${i.index}` : i.transition;
  return `${which} of "${i.state}" -> "${i.target ?? '?'}"${where}`;
}

export function coverageText(all: readonly MachineCoverage[]): string {
  let out = '';
  for (const m of all) {
    out += `Coverage of "${m.machine}"${m.file ? ` (${m.file})` : ''} over ${m.runs} run${m.runs === 1 ? '' : 's'}:\n`;
    out +=
      row('states', m.totals.states) +
      row('inner states', m.totals.innerStates) +
      row('transitions', m.totals.transitions) +
      row('retriers', m.totals.retriers);
    const missed = m.items.filter((i) => i.hits === 0);
    if (missed.length) {
      out += '  not covered:\n';
      for (const i of missed) out += `    ${m.file ?? m.machine}:${i.line + 1}  ${describeItem(i)}\n`;
    }
  }
  if (all.length > 1) {
    const t = sumTotals(all.map((m) => m.totals));
    out +=
      `Total over ${all.length} machines:\n` +
      row('states', t.states) +
      row('inner states', t.innerStates) +
      row('transitions', t.transitions) +
      row('retriers', t.retriers);
  }
  return out;
}

export function coverageJson(all: readonly MachineCoverage[]): string {
  return JSON.stringify({ machines: all, total: sumTotals(all.map((m) => m.totals)) }, null, 2) + '\n';
}

export function coverageLcov(all: readonly MachineCoverage[]): string {
  let out = '';
  for (const m of all) {
    out += `TN:${m.machine}\nSF:${m.file ?? m.machine}\n`;
    const states = m.items.filter((i) => i.kind === 'state');
    // One DA line per source line: two states on one line add up.
    const lines = new Map<number, number>();
    for (const s of states) lines.set(s.line + 1, (lines.get(s.line + 1) ?? 0) + s.hits);
    const entered = new Map(states.map((s) => [[...s.within, s.state].join('\u0000'), s.hits]));
    let block = 0;
    let brf = 0;
    let brh = 0;
    const blocks = new Map<string, { block: number; branches: number }>();
    for (const i of m.items) {
      if (i.kind === 'state') continue;
      const key = [...i.within, i.state].join('\u0000');
      let b = blocks.get(key);
      if (b === undefined) blocks.set(key, (b = { block: block++, branches: 0 }));
      // lcov writes "-" for a branch whose block never ran: here, a state never entered.
      const taken = (entered.get(key) ?? 0) === 0 ? '-' : String(i.hits);
      // A block per state; its branches: Next, Choice rules, Default, Catch, then Retry.
      out += `BRDA:${i.line + 1},${b.block},${b.branches++},${taken}\n`;
      brf++;
      if (i.hits > 0) brh++;
    }
    out += `BRF:${brf}\nBRH:${brh}\n`;
    for (const [line, hits] of [...lines].sort((a, b) => a[0] - b[0])) out += `DA:${line},${hits}\n`;
    out += `LF:${lines.size}\nLH:${[...lines.values()].filter((h) => h > 0).length}\nend_of_record\n`;
  }
  return out;
}
