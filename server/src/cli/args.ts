/** A small argument reader: flags, flags with values, and positional arguments. */
export class UsageError extends Error {}

export interface ParsedArgs {
  flags: Set<string>;
  values: Map<string, string>;
  positional: string[];
}

export function parseArgs(argv: string[], spec: { flags: string[]; values: string[] }): ParsedArgs {
  const out: ParsedArgs = { flags: new Set(), values: new Map(), positional: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') || (a.startsWith('-') && a.length === 2)) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (spec.flags.includes(name)) {
        if (eq > 0) throw new UsageError(`${name} takes no value.`);
        out.flags.add(name);
      } else if (spec.values.includes(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value.`);
        out.values.set(name, value);
      } else {
        throw new UsageError(`unknown option "${name}".`);
      }
    } else out.positional.push(a);
  }
  return out;
}
