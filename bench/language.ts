/**
 * Completion and hover benchmark: on a generated machine that is already parsed (as the server's
 * per-version cache holds it), the time of one completion at a `Next` value in the middle of the
 * text and of one hover on that name; beside it, amazon-states-language-service's doComplete on
 * the same text and position, its JSON document also parsed beforehand.
 *
 * Run alone: `node out/bench/language.js [--sizes=1000,5000]`; from bench/run.ts:
 * `await benchLanguage(sizes)` then `printLanguage(figures)` and `languageGoals(figures)`.
 */
import type * as AslLanguageService from 'amazon-states-language-service';
import { generateMachine } from '../test/fixtures/generate';
import { buildModel, parseDocument } from '../server/src/core';
import { complete, hover } from '../server/src/core/language';
import { toLspItem } from '../server/src/lsp/features/completion';
import { ms, ratio, table } from './format';
import { DEFAULT_TIMING, measure, type Timing } from './measure';

export interface LanguageFigure {
  states: number;
  bytes: number;
  /** core `complete` at the position. */
  completion: Timing;
  /** `complete` and the conversion of its items to LSP, what the server sends. */
  completionLsp: Timing;
  hover: Timing;
  /** Parse, model and completion from the text: what a keystroke costs the server. */
  fromText: Timing;
  /** amazon-states-language-service doComplete at the same position, its document parsed beforehand. */
  peer?: Timing;
  /** Its parseJSONDocument and doComplete from the text. */
  peerFromText?: Timing;
  items: number;
  peerItems?: number;
}

const SEED = 42;
const TIMING = { ...DEFAULT_TIMING, budgetMs: 1000 };

/** The offset just inside the quotes of a `"Next"` value near the middle of the text. */
export function middleNext(text: string): number {
  const key = '"Next": "';
  let at = text.indexOf(key, text.length >> 1);
  if (at < 0) at = text.indexOf(key);
  if (at < 0) throw new Error('generated machine has no Next');
  return at + key.length + 1;
}

export async function benchLanguage(sizes: readonly number[] = [1000, 5000]): Promise<LanguageFigure[]> {
  const asl = require('amazon-states-language-service') as typeof AslLanguageService;
  const service = asl.getLanguageService({});
  const out: LanguageFigure[] = [];
  for (const states of sizes) {
    const text = generateMachine({ states, seed: SEED });
    const offset = middleNext(text);
    const machine = buildModel(parseDocument(text));
    const items = complete(machine, offset).length;
    if (items === 0) throw new Error(`no completion at the Next of the ${states}-state machine`);
    if (!hover(machine, offset)) throw new Error(`no hover at the Next of the ${states}-state machine`);

    const completion = await measure(() => complete(machine, offset), TIMING);
    const lines = machine.doc.lines;
    const completionLsp = await measure(() => complete(machine, offset).map((i) => toLspItem(lines, i)), TIMING);
    const hoverTiming = await measure(() => hover(machine, offset), TIMING);
    const fromText = await measure(() => complete(buildModel(parseDocument(text)), offset), TIMING);

    const doc = asl.TextDocument.create('file:///bench.asl.json', 'json', 1, text);
    const jsonDoc = service.parseJSONDocument(doc);
    const position = doc.positionAt(offset);
    let peerItems = 0;
    const peer = await measure(
      async () => {
        const list = await service.doComplete(doc, position, jsonDoc);
        peerItems = list?.items.length ?? 0;
      },
      { ...TIMING, capMs: 30_000 },
    );
    let version = 1;
    const peerFromText = await measure(
      async () => {
        const fresh = asl.TextDocument.create('file:///bench.asl.json', 'json', ++version, text);
        await service.doComplete(fresh, position, service.parseJSONDocument(fresh));
      },
      { ...TIMING, capMs: 30_000 },
    );
    out.push({ states, bytes: text.length, completion, completionLsp, hover: hoverTiming, fromText, peer, peerFromText, items, peerItems });
    console.log(
      `  language ${states}: completion ${ms(completion.median)}, hover ${ms(hoverTiming.median)}, doComplete ${ms(peer.median)}; from the text: ours ${ms(fromText.median)}, asl-ls ${ms(peerFromText.median)}`,
    );
  }
  return out;
}

export function printLanguage(figures: readonly LanguageFigure[]): void {
  console.log('\nCompletion and hover on an already-parsed document (median per call; cursor in a "Next" value in the middle)');
  console.log(
    table(
      ['states', 'completion', 'completion + LSP items', 'hover', 'asl-ls doComplete', 'doComplete/ours', 'items (ours / asl-ls)'],
      figures.map((f) => [
        String(f.states),
        ms(f.completion.median),
        ms(f.completionLsp.median),
        ms(f.hover.median),
        ms(f.peer?.median),
        ratio(f.peer ? f.peer.median / f.completion.median : undefined),
        `${f.items} / ${f.peerItems ?? '-'}`,
      ]),
    ),
  );
  console.log('\nThe same completion from the text (parse and model, then complete; asl-ls: parseJSONDocument, then doComplete)');
  console.log(
    table(
      ['states', 'ours', 'asl-ls', 'asl-ls/ours'],
      figures.map((f) => [
        String(f.states),
        ms(f.fromText.median),
        ms(f.peerFromText?.median),
        ratio(f.peerFromText ? f.peerFromText.median / f.fromText.median : undefined),
      ]),
    ),
  );
}

/** The goal: completion and hover under 3 ms (median) at 5,000 states. */
export function languageGoals(figures: readonly LanguageFigure[]): { goal: string; pass: boolean; detail: string }[] {
  const at5000 = figures.find((f) => f.states === 5000);
  if (!at5000) return [];
  return [
    { goal: 'completion under 3 ms at 5,000 states', pass: at5000.completion.median < 3, detail: ms(at5000.completion.median) },
    { goal: 'hover under 3 ms at 5,000 states', pass: at5000.hover.median < 3, detail: ms(at5000.hover.median) },
  ];
}

if (require.main === module) {
  const arg = process.argv.find((a) => a.startsWith('--sizes='));
  const sizes = (arg ? arg.split('=')[1] : '1000,5000')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  void benchLanguage(sizes).then((figures) => {
    printLanguage(figures);
    for (const g of languageGoals(figures)) console.log(`[${g.pass ? 'PASS' : 'FAIL'}] ${g.goal}: ${g.detail}`);
  });
}
