import { readFileSync } from 'node:fs';

/**
 * This process's own peak RSS in KB. On Linux, getrusage's maxrss (process.resourceUsage) starts
 * from the parent's peak at fork and survives exec, so a child of a large benchmark process
 * reports the parent's figure; /proc/self/status's VmHWM belongs to this process's memory alone.
 */
export function peakRssKb(): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // not Linux: fall back below
  }
  return process.resourceUsage().maxRSS;
}
