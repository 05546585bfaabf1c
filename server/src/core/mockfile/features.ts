/**
 * Editing a mock file: completion (machine names, state names of the machine, response names,
 * handler paths and exports, the functions a machine calls), hover (what a mocked state returns),
 * and the edits that follow a state's rename in its machine. Pure: the workspace comes in as an
 * environment.
 */
import type { DefinitionInfo, MockAnswer } from '../engine/mocks/types';
import { loadMockFile } from '../engine/mocks/loadMockFile';
import type { CompletionItem, Hover, TextEdit } from '../language/types';
import type { Tree } from '../tree';
import type { HandlerModuleInfo } from './diagnostics';
import { contains, readOutline, type MockOutline, type OutlineMachine } from './outline';

export interface MockEditingEnvironment {
  /** The state machines of the workspace, by their name in mock files. */
  machineNames(): readonly string[];
  definition(machineName: string): DefinitionInfo | undefined;
  /** JavaScript files a handler may be in, as paths relative to the mock file ("handlers/x.mjs"). */
  handlerFiles?(): readonly string[];
  handlerModule?(modulePath: string): HandlerModuleInfo | undefined;
}

/** The innermost node whose text holds the offset (the root's index 0 when none deeper does), or -1. */
export function nodeAt(tree: Tree, offset: number): number {
  if (tree.size === 0 || !contains(tree, 0, offset)) return -1;
  let at = 0;
  for (;;) {
    const inner = tree.children(at).find((c) => {
      const r = tree.range(c);
      return offset > r.offset && offset < r.offset + r.length + (tree.kindOf(c) === 'string' ? 1 : 0);
    });
    if (inner === undefined) return at;
    at = inner;
  }
}

/** Where the cursor is in terms of the mock file's structure. */
type Place =
  | { kind: 'machine-key'; node: number }
  | { kind: 'state-key'; node: number; machine: OutlineMachine }
  | { kind: 'response-value'; node: number }
  | { kind: 'handler-key'; node: number }
  | { kind: 'handler-value'; node: number }
  | { kind: 'path-item'; node: number; machine: OutlineMachine };

function placeAt(outline: MockOutline, offset: number): Place | undefined {
  const tree = outline.tree;
  if (!tree) return undefined;
  const node = nodeAt(tree, offset);
  if (tree.kindOf(node) !== 'string') return undefined;
  const prop = tree.parentOf(node);
  const isKey = tree.keyNode(prop) === node;
  const container = isKey ? tree.parentOf(prop) : -1;
  if (isKey && container === tree.get(outline.root, 'StateMachines')) return { kind: 'machine-key', node };
  if (container >= 0 && container === outline.handlersNode) return { kind: 'handler-key', node };
  if (!isKey && tree.kindOf(prop) === 'property' && tree.parentOf(prop) === outline.handlersNode) return { kind: 'handler-value', node };
  for (const machine of outline.machines) {
    if (!contains(tree, machine.node, offset)) continue;
    for (const c of machine.testCases) {
      if (!contains(tree, c.node, offset)) continue;
      if (isKey && container === c.node) return { kind: 'state-key', node, machine };
      if (!isKey && tree.parentOf(prop) === c.node && tree.keyText(prop) !== '$test') return { kind: 'response-value', node };
      if (tree.parentOf(node) === c.expectedPath) return { kind: 'path-item', node, machine };
    }
  }
  return undefined;
}

/** Replaces the whole string node (its quotes included) by `value` as a JSON string. */
function replacing(
  tree: Tree,
  node: number,
  label: string,
  kind: CompletionItem['kind'],
  detail?: string,
  sortText?: string,
): CompletionItem {
  const { offset, length } = tree.range(node);
  const item: CompletionItem = { label, kind, edit: { offset, length, newText: JSON.stringify(label) }, filterText: JSON.stringify(label) };
  if (detail) item.detail = detail;
  if (sortText) item.sortText = sortText;
  return item;
}

export function completeMockFile(text: string, offset: number, env: MockEditingEnvironment): CompletionItem[] {
  const outline = readOutline(text);
  const tree = outline.tree;
  const place = placeAt(outline, offset);
  if (!tree || !place) return [];
  switch (place.kind) {
    case 'machine-key': {
      const present = new Set(outline.machines.map((m) => m.name));
      return env
        .machineNames()
        .filter((n) => !present.has(n) || tree.string(place.node) === n)
        .map((n) => replacing(tree, place.node, n, 'state', 'state machine'));
    }
    case 'state-key':
    case 'path-item': {
      const def = env.definition(place.machine.name);
      if (!def) return [];
      const out: CompletionItem[] = [];
      for (const [name, s] of def.states) {
        const mockable = s.type === 'Task' || (s.type === 'Map' && s.hasItemReader);
        // Mocks are for Tasks: those first; a path lists every state.
        if (place.kind === 'state-key' && !mockable) continue;
        out.push(replacing(tree, place.node, name, 'state', s.type ?? 'state'));
      }
      if (place.kind === 'state-key')
        out.push(replacing(tree, place.node, '$test', 'field', 'input and expectations of this test case', '~'));
      return out;
    }
    case 'response-value':
      return [...outline.responses.keys()].map((n) => replacing(tree, place.node, n, 'value', 'mocked response'));
    case 'handler-key': {
      const names = new Set<string>();
      for (const m of env.machineNames()) for (const f of env.definition(m)?.lambdaFunctions ?? []) names.add(f);
      return [...names].map((n) => replacing(tree, place.node, n, 'function', 'Lambda function called by a machine'));
    }
    case 'handler-value':
      return handlerValueItems(tree, place.node, text, offset, env);
  }
}

/** Before `#`: the JavaScript files; after it: the exports of the module written before it. */
function handlerValueItems(tree: Tree, node: number, text: string, offset: number, env: MockEditingEnvironment): CompletionItem[] {
  const value = tree.string(node) ?? '';
  const start = tree.range(node).offset + 1;
  const hash = text.lastIndexOf('#', offset - 1);
  if (hash >= start) {
    const module = text.slice(start, hash);
    const info = env.handlerModule?.(module);
    const exports = info && info.exists ? (info.exports ?? []) : [];
    // Only the export part is replaced: the path before `#` stays as typed.
    const end = start + value.length;
    return exports.map((name) => ({
      label: name,
      kind: 'function' as const,
      detail: `export of ${module}`,
      edit: { offset: hash + 1, length: end - hash - 1, newText: name },
    }));
  }
  return (env.handlerFiles?.() ?? []).map((file) => replacing(tree, node, `${file}#handler`, 'value', 'handler module'));
}

export function hoverMockFile(text: string, offset: number): Hover | undefined {
  const outline = readOutline(text);
  const tree = outline.tree;
  if (!tree) return undefined;
  const usage = responseUsage(outline, tree, offset);
  if (usage) return usage;
  const place = placeAt(outline, offset);
  if (!place || (place.kind !== 'response-value' && place.kind !== 'state-key')) return undefined;
  let responseName: string | undefined;
  let stateName: string | undefined;
  if (place.kind === 'response-value') {
    responseName = tree.string(place.node);
    stateName = tree.keyText(tree.parentOf(place.node));
  } else {
    stateName = tree.string(place.node);
    responseName = tree.string(tree.valueNode(tree.parentOf(place.node)));
  }
  if (responseName === undefined) return undefined;
  const { offset: at, length } = tree.range(place.node);
  const response = loadMockFile(text).config.responses.get(responseName);
  if (!response) return { contents: `No mocked response named \`${responseName}\` in \`MockedResponses\`.`, offset: at, length };
  const lines = [`**${stateName ?? 'The state'}** is answered by \`${responseName}\`, one answer per call (retries count):`, ''];
  for (const e of response.entries)
    lines.push(`- ${e.from === e.to ? `call ${e.from + 1}` : `calls ${e.from + 1}-${e.to + 1}`}: ${describeAnswer(e.answer)}`);
  const last = response.entries[response.entries.length - 1];
  if (last) lines.push('', `A call past the last answer (call ${last.to + 2}) fails the execution.`);
  return { contents: lines.join('\n'), offset: at, length };
}

const MAX_HOVER_JSON = 1500;
/** Test cases listed in a response's hover before "and N more". */
const MAX_LISTED_USES = 10;

/** On a response's name in MockedResponses: the test cases and states that use it. */
function responseUsage(outline: MockOutline, tree: Tree, offset: number): Hover | undefined {
  for (const [name, r] of outline.responses) {
    const span = tree.range(r.key);
    if (offset < span.offset || offset > span.offset + span.length) continue;
    const uses: string[] = [];
    for (const m of outline.machines) {
      for (const c of m.testCases)
        for (const s of c.states) if (tree.string(s.value) === name) uses.push(`\`${m.name}\` › \`${c.name}\` › \`${s.name}\``);
    }
    const listed = uses.slice(0, MAX_LISTED_USES).map((u) => `- ${u}`);
    if (uses.length > MAX_LISTED_USES) listed.push(`- and ${uses.length - MAX_LISTED_USES} more`);
    const contents = uses.length ? [`\`${name}\` answers:`, '', ...listed].join('\n') : `\`${name}\` is not used by any test case.`;
    return { contents, offset: span.offset, length: span.length };
  }
  return undefined;
}

function describeAnswer(a: MockAnswer): string {
  if (a.kind === 'throw') return `throws \`${a.error}\`${a.cause !== undefined ? ` (${a.cause})` : ''}`;
  const json = JSON.stringify(a.value, null, 2) ?? 'null';
  const shown = json.length > MAX_HOVER_JSON ? `${json.slice(0, MAX_HOVER_JSON)}\n...` : json;
  return `returns\n\n\`\`\`json\n${shown}\n\`\`\``;
}

/** The state named at the offset of a mock file (a test case's key or an ExpectedPath item): its machine, name and the name's span inside the quotes. */
export function mockStateRefAt(
  text: string,
  offset: number,
): { machine: string; name: string; offset: number; length: number } | undefined {
  const outline = readOutline(text);
  const tree = outline.tree;
  const place = placeAt(outline, offset);
  if (!tree || !place || (place.kind !== 'state-key' && place.kind !== 'path-item')) return undefined;
  const name = tree.string(place.node);
  if (name === undefined || name === '$test') return undefined;
  const r = tree.range(place.node);
  return { machine: place.machine.name, name, offset: r.offset + 1, length: Math.max(0, r.length - 2) };
}

/**
 * The edits that keep a mock file in step with a state renamed in machine `machineName`: the
 * test cases' keys naming it and `ExpectedPath` items. None when the file does not mention it.
 */
export function renameInMockFile(text: string, machineName: string, oldName: string, newName: string): TextEdit[] {
  const outline = readOutline(text);
  const tree = outline.tree;
  if (!tree) return [];
  const edits: TextEdit[] = [];
  const newText = JSON.stringify(newName);
  for (const machine of outline.machines) {
    if (machine.name !== machineName) continue;
    for (const c of machine.testCases) {
      for (const s of c.states) if (s.name === oldName) edits.push({ ...tree.range(s.key), newText });
      for (const item of tree.children(c.expectedPath)) if (tree.string(item) === oldName) edits.push({ ...tree.range(item), newText });
    }
  }
  return edits;
}
