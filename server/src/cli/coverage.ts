/** `asl-workbench test --coverage`: the flags, and the report written where they say. */
import { writeFileSync } from 'node:fs';
import { computeCoverage, type MachineCoverage } from '../core/coverage';
import { COVERAGE_FORMATS, coverageJson, coverageLcov, coverageText, type CoverageFormat } from '../core/coverage/formats';
import type { ExecutionResult } from '../core/engine/types';
import type { Machine } from '../core/model';
import { UsageError, type ParsedArgs } from './args';
import type { Out } from './run';

export const COVERAGE_FLAGS = ['--coverage'];
export const COVERAGE_VALUES = ['--coverage-format', '--coverage-out'];

export const COVERAGE_HELP = `  --coverage               Report workflow coverage over the test cases run: states entered (inner
                           states of Parallel branches and Map processors too), transitions taken
                           (each Next, Choice rule, Default and Catch), retriers that fired.
  --coverage-format F      text (default), json, or lcov (each state a line, each transition and
                           retrier a branch, at the line where it is written).
  --coverage-out FILE      Write the coverage report to FILE. Without it the report follows the
                           test results on standard output (for json and lcov, the test results
                           then go to standard error).`;

export interface CoverageRequest {
  format: CoverageFormat;
  out?: string;
}

/** The coverage flags, or undefined without --coverage. */
export function readCoverageFlags(args: ParsedArgs): CoverageRequest | undefined {
  const format = args.values.get('--coverage-format');
  const out = args.values.get('--coverage-out');
  if (!args.flags.has('--coverage')) {
    if (format !== undefined || out !== undefined) throw new UsageError('--coverage-format and --coverage-out need --coverage.');
    return undefined;
  }
  if (format !== undefined && !COVERAGE_FORMATS.includes(format as CoverageFormat))
    throw new UsageError(`--coverage-format takes ${COVERAGE_FORMATS.join(', ')}, not "${format}".`);
  return { format: (format ?? 'text') as CoverageFormat, out };
}

/** Where the test results go when coverage data takes standard output. */
export function resultsStream(req: CoverageRequest | undefined, stdout: Out, stderr: Out): Out {
  return req && req.out === undefined && req.format !== 'text' ? stderr : stdout;
}

export function machineCoverage(model: Machine, results: readonly ExecutionResult[], machineName: string, file: string): MachineCoverage {
  return computeCoverage(model, results, machineName, file);
}

export function writeCoverage(req: CoverageRequest, all: readonly MachineCoverage[], stdout: Out): void {
  const text = req.format === 'json' ? coverageJson(all) : req.format === 'lcov' ? coverageLcov(all) : coverageText(all);
  if (req.out !== undefined) writeFileSync(req.out, text);
  else stdout.write(text);
}
