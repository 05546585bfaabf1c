/**
 * The handler worker's process group: the worker is started as a group (and session) leader, so
 * that it and every process a handler starts can be measured and killed together. Linux /proc
 * gives the group's memory; elsewhere there is no RSS measure and only the heap limit applies.
 *
 * Node adapter (server/src/node): outside the core, which may not touch processes.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Groups started and not yet known to be gone, killed when this process exits. */
const live = new Set<number>();
let exitHookInstalled = false;

/** Remembers a group to kill when this process exits, however it exits normally. */
export function trackGroup(pgid: number): void {
  live.add(pgid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const g of live) killGroup(g);
  });
}

/** Windows has no process groups: the worker is started as a plain child and killed alone. */
export const HAS_GROUPS = process.platform !== 'win32';

/** SIGKILL to every process of the group (the worker and whatever its handlers started). */
export function killGroup(pgid: number): void {
  try {
    if (HAS_GROUPS) process.kill(-pgid, 'SIGKILL');
    else process.kill(pgid, 'SIGKILL');
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Kills the group and forgets it: nothing of it remains to kill at exit. */
export function endGroup(pgid: number): void {
  killGroup(pgid);
  live.delete(pgid);
}

/** Forgets a group without a signal (its leader is gone and it has no other members to kill). */
export function forgetGroup(pgid: number): void {
  live.delete(pgid);
}

/**
 * Resident memory of every process in the group, in bytes (VmRSS, as `ps` shows it), or
 * undefined where /proc cannot tell (not Linux). Costs about 1.5 ms per 100 processes.
 */
export function groupRssBytes(pgid: number): number | undefined {
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return undefined;
  }
  let total = 0;
  let found = false;
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    try {
      // Fields after the command name (which may hold spaces and parentheses): state, ppid, pgrp.
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
      if (Number(fields[2]) !== pgid) continue;
      found = true;
      const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${name}/status`, 'latin1'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return found ? total : undefined;
}
