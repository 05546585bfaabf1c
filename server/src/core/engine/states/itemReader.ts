/**
 * ItemReader of a Distributed Map, fed through the TaskInvoker: the invoker answers for the
 * reader's Resource (arn:aws:states:::s3:getObject, s3:listObjectsV2, ...) with either the items
 * themselves (an array), or the object's text (a string, or { Body: string }), which is read per
 * ReaderConfig.InputType: JSON (an array), JSONL (one value per line), CSV (rows as objects keyed
 * by CSVHeaders or the first row, CSVDelimiter COMMA/PIPE/SEMICOLON/SPACE/TAB). listObjectsV2
 * answers an array or { Contents: [...] }. MaxItems (or MaxItemsPath) keeps the first items. Any
 * failure to read is States.ItemReaderFailed.
 */
import { E, StatesError } from '../errors';
import { evalJsonata } from '../jsonataEval';
import type { CReader, CState } from '../machine';
import type { Strand } from '../strand';
import { evalTemplate } from '../template';
import { isObject, kindOf, preview } from '../values';
import { readNumber, type Scope } from './common';

const DELIMITERS: Record<string, string> = { COMMA: ',', PIPE: '|', SEMICOLON: ';', SPACE: ' ', TAB: '\t' };

export interface ReadItems {
  items: unknown[];
  /**
   * $$.Map.Item.Source, best effort (the guide does not spell out its form): the S3 URI of the
   * object read, or for listObjectsV2 the URI of the listed object.
   */
  source: (index: number) => string | undefined;
}

export async function readItems(s: Strand, st: CState, r: CReader, eff: unknown, scope: Scope | undefined): Promise<ReadItems> {
  const params = r.arguments ? await evalJsonata(r.arguments, scope!) : r.parameters ? evalTemplate(r.parameters, eff, s) : {};
  const max = await readNumber(s, r.maxItems, eff, scope, 'nonNegative');
  const outcome = await s.run.invoke({
    stateName: st.name,
    statePath: s.statePath,
    resource: r.resource,
    payload: params,
    attempt: 1,
    context: s.context(),
  });
  if (!outcome.ok) throw failed(st, `${outcome.error}${outcome.cause ? `: ${outcome.cause}` : ''}`);
  let items: unknown[];
  try {
    items = interpret(outcome.output, r);
  } catch (e) {
    throw failed(st, (e as Error).message);
  }
  if (max) items = items.slice(0, max);
  const bucket = isObject(params) && typeof params.Bucket === 'string' ? params.Bucket : undefined;
  const key = isObject(params) && typeof params.Key === 'string' ? params.Key : undefined;
  const listing = r.resource.endsWith('listObjectsV2');
  const source = (i: number): string | undefined => {
    if (bucket === undefined) return undefined;
    if (!listing) return key === undefined ? undefined : `s3://${bucket}/${key}`;
    const item = items[i];
    return isObject(item) && typeof item.Key === 'string' ? `s3://${bucket}/${item.Key}` : undefined;
  };
  return { items, source };
}

function failed(st: CState, why: string): StatesError {
  return new StatesError(E.ItemReaderFailed, `The ItemReader of the Map state '${st.name}' could not read the items: ${why}`, true);
}

function interpret(output: unknown, r: CReader): unknown[] {
  if (Array.isArray(output)) return output;
  if (r.resource.endsWith('listObjectsV2')) {
    if (isObject(output) && Array.isArray(output.Contents)) return output.Contents;
    throw new Error(
      `s3:listObjectsV2 answered ${kindOf(output)} ${preview(output, 80)}; expected an array of objects or { "Contents": [...] }`,
    );
  }
  const text = typeof output === 'string' ? output : isObject(output) && typeof output.Body === 'string' ? output.Body : undefined;
  if (text === undefined)
    throw new Error(`the resource answered ${kindOf(output)} ${preview(output, 80)}; expected the items (an array) or the object's text`);
  const type = typeof r.config.InputType === 'string' ? r.config.InputType : 'JSON';
  switch (type) {
    case 'JSON': {
      const v = JSON.parse(text);
      if (!Array.isArray(v)) throw new Error(`the JSON object holds ${kindOf(v)}, not an array`);
      return v;
    }
    case 'JSONL':
      return text
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '')
        .map((line, i) => {
          try {
            return JSON.parse(line);
          } catch {
            throw new Error(`line ${i + 1} is not JSON: ${preview(line, 60)}`);
          }
        });
    case 'CSV':
      return csvItems(text, r.config);
    default:
      throw new Error(
        `the InputType ${type} is not supported by the dry run; use JSON, JSONL or CSV, or have the mock answer the items as an array`,
      );
  }
}

function csvItems(text: string, config: Record<string, unknown>): Record<string, string>[] {
  const delimiter = DELIMITERS[typeof config.CSVDelimiter === 'string' ? config.CSVDelimiter : 'COMMA'] ?? ',';
  const rows = parseCsv(text, delimiter);
  let headers: string[];
  if (config.CSVHeaderLocation === 'GIVEN') {
    if (!Array.isArray(config.CSVHeaders)) throw new Error('CSVHeaderLocation is GIVEN but CSVHeaders is missing');
    headers = config.CSVHeaders.map(String);
  } else {
    const first = rows.shift();
    if (!first) return [];
    headers = first;
  }
  return rows.map((row) => {
    const o: Record<string, string> = {};
    headers.forEach((h, i) => (o[h] = row[i] ?? ''));
    return o;
  });
}

/** RFC 4180: quoted fields may hold delimiters, newlines and doubled quotes. Blank lines are skipped. */
export function parseCsv(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (any || field !== '') {
        row.push(field);
        rows.push(row);
      }
      row = [];
      field = '';
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || field !== '') {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
