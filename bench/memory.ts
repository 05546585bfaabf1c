/** Peak memory per (tool, size), each in its own child process, against an idle baseline. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { ChildReport } from './child';
import type { ToolId } from './tools';

export interface MemoryFigure {
  tool: ToolId;
  states: number;
  /** Peak RSS of the child that ran the tool once, in MB. */
  peakMb?: number;
  /** Peak RSS of a child that loaded the same modules and read the same text, in MB. */
  baselineMb?: number;
  deltaMb?: number;
  skipped?: string;
}

const CHILD = join(__dirname, 'child.js');

/** This process's heap-size V8 flags (the server's, see run.ts), for children measured in its place. */
export function v8Flags(): string[] {
  return process.execArgv.filter((a) => a.startsWith('--max-semi-space-size') || a.startsWith('--max-old-space-size'));
}

function child(mode: 'run' | 'idle', tool: ToolId, file: string, timeoutMs: number): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...v8Flags(), CHILD, mode, tool, file],
      { timeout: timeoutMs, maxBuffer: 1 << 20 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(err.killed ? 'timed out' : `${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as ChildReport);
      },
    );
  });
}

const mb = (kb: number): number => Math.round((kb / 1024) * 10) / 10;

export async function measureMemory(tool: ToolId, states: number, file: string, timeoutMs: number): Promise<MemoryFigure> {
  try {
    const idle = await child('idle', tool, file, timeoutMs);
    const run = await child('run', tool, file, timeoutMs);
    return { tool, states, peakMb: mb(run.maxRssKb), baselineMb: mb(idle.maxRssKb), deltaMb: mb(run.maxRssKb - idle.maxRssKb) };
  } catch (err) {
    return { tool, states, skipped: (err as Error).message.split('\n')[0] };
  }
}
