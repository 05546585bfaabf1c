import { DIAGNOSTIC_CODES, type DiagnosticCode, type MachineType, type SeveritySetting, type ValidationOptions } from '../core';
import { DEFAULT_MEMORY_LIMIT_MB, DEFAULT_TIME_LIMIT_SECONDS, readMemoryLimit, readTimeLimit } from '../dryRun/limits';

/** The `aslWorkbench` settings section as the client sends it; anything may be missing or malformed. */
export interface Settings {
  placeholders: boolean;
  severity: Partial<Record<DiagnosticCode, SeveritySetting>>;
  extraLambdaArns: string[];
  /** The workflow type the machines are deployed as, when the user says; EXPRESS adds its checks. */
  machineType?: MachineType;
  /** The limits of the panel's dry runs (aslWorkbench.dryRun.*). */
  dryRun: { timeLimitSeconds: number; memoryLimitMb: number };
}

const DEFAULT_DRY_RUN = { timeLimitSeconds: DEFAULT_TIME_LIMIT_SECONDS, memoryLimitMb: DEFAULT_MEMORY_LIMIT_MB };

export const DEFAULT_SETTINGS: Settings = { placeholders: true, severity: {}, extraLambdaArns: [], dryRun: DEFAULT_DRY_RUN };

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Reads untrusted settings, keeping only well-formed entries. */
export function readSettings(raw: unknown): Settings {
  if (!raw || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const r = raw as Record<string, unknown>;
  const severity: Settings['severity'] = {};
  if (r.severity && typeof r.severity === 'object') {
    for (const [code, level] of Object.entries(r.severity as Record<string, unknown>)) {
      if ((DIAGNOSTIC_CODES as readonly string[]).includes(code) && typeof level === 'string' && LEVELS.has(level)) {
        severity[code as DiagnosticCode] = level as SeveritySetting;
      }
    }
  }
  return {
    placeholders: r.placeholders !== false,
    severity,
    extraLambdaArns: Array.isArray(r.extraLambdaArns) ? r.extraLambdaArns.filter((x): x is string => typeof x === 'string') : [],
    machineType: r.machineType === 'STANDARD' || r.machineType === 'EXPRESS' ? r.machineType : undefined,
    dryRun: readDryRun(r.dryRun),
  };
}

/** A limit out of its bounds falls back to its default. */
function readDryRun(raw: unknown): Settings['dryRun'] {
  if (!raw || typeof raw !== 'object') return DEFAULT_DRY_RUN;
  const r = raw as Record<string, unknown>;
  const time = readTimeLimit(r.timeLimitSeconds);
  const memory = readMemoryLimit(r.memoryLimitMb);
  return {
    timeLimitSeconds: typeof time === 'number' ? time : DEFAULT_DRY_RUN.timeLimitSeconds,
    memoryLimitMb: typeof memory === 'number' ? memory : DEFAULT_DRY_RUN.memoryLimitMb,
  };
}

export function validationOptions(s: Settings): ValidationOptions {
  return { placeholders: s.placeholders, severity: s.severity, machineType: s.machineType };
}
