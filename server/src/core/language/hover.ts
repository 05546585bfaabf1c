/**
 * Hover: what the thing under the cursor is. A field name gets its documentation; a state name
 * (its key or a transition to it) its type, where it goes and what leads to it; a Resource ARN
 * what the integration does; an intrinsic or JSONata function its signature; a Context field, an
 * error name or a state type its meaning.
 */
import type { Machine, StateInfo } from '../model';
import { findIntegration } from '../arn/integrations';
import { INTRINSICS, signatureLabel } from '../intrinsics/signatures';
import { analyzeVariables } from '../variables';
import { enclosingState, isTerminated, nodeAt, placeOf } from './cursor';
import { contextField, STATES_VARIABLE_DOCS } from './data/context';
import { ERRORS_BY_NAME } from './data/errors';
import { fieldDoc, STATE_TYPE_DOCS } from './data/fieldDocs';
import { JSONATA_FUNCTIONS_BY_NAME } from './data/jsonataFunctions';
import { stateRefOfNode, transitionsTo } from './stateRefs';
import { objectSchemaAt, propertiesOf } from './schemaPath';
import type { Hover } from './types';

export function hover(machine: Machine, offset: number): Hover | undefined {
  const tree = machine.doc.tree;
  if (!tree) return undefined;
  const node = nodeAt(tree, offset);
  if (
    tree.kindOf(node) !== 'string' ||
    (offset === tree.offset[node] + tree.length[node] && isTerminated(machine.doc.text, tree.range(node)))
  )
    return undefined;
  const ref = stateRefOfNode(machine, node);
  if (ref) {
    if (!ref.state) return at(machine, node, `No state named "${ref.name}" in ${ref.scope.label}.`);
    return at(machine, node, describeState(ref.state));
  }
  const prop = tree.parentOf(node);
  if (tree.keyNode(prop) === node) return keyHover(machine, node, prop);
  return valueHover(machine, node, offset);
}

function at(machine: Machine, node: number, contents: string): Hover {
  return { contents, ...machine.doc.tree!.range(node) };
}

function keyHover(machine: Machine, node: number, prop: number): Hover | undefined {
  const tree = machine.doc.tree!;
  const key = String(tree.string(node));
  const place = placeOf(machine, tree.parentOf(prop));
  const schema = objectSchemaAt(machine, place);
  if (schema && Object.prototype.hasOwnProperty.call(propertiesOf(schema.schema), key)) {
    const doc = fieldDoc(key, schema.docKind);
    const value = propertiesOf(schema.schema)[key].description;
    return at(machine, node, `**${key}**${typeof value === 'string' ? `: ${value}` : ''}${doc ? `\n\n${doc}` : ''}`);
  }
  if (place.kind === 'state' && place.path.length === 0 && !schema) {
    const doc = fieldDoc(key);
    return doc ? at(machine, node, `**${key}**\n\n${doc}`) : undefined;
  }
  if (key.endsWith('.$')) {
    return at(
      machine,
      node,
      `**${key}**\n\nThe value of \`${key.slice(0, -2)}\` is taken from the path or intrinsic function in this string.`,
    );
  }
  return undefined;
}

function valueHover(machine: Machine, node: number, offset: number): Hover | undefined {
  const tree = machine.doc.tree!;
  const prop = tree.parentOf(node);
  const inArray = tree.kindOf(prop) === 'array';
  const keyProp = inArray ? tree.parentOf(prop) : prop;
  const key = tree.kindOf(keyProp) === 'property' ? String(tree.keyText(keyProp)) : undefined;
  const value = String(tree.string(node));
  const state = enclosingState(machine, node);
  const place = placeOf(machine, tree.parentOf(keyProp));
  const top = place.kind === 'state' && place.path.length === 0;
  if (key === 'Type' && top && STATE_TYPE_DOCS[value]) return at(machine, node, `**${value}** state\n\n${STATE_TYPE_DOCS[value]}`);
  if (key === 'Resource' || key === 'FunctionName') {
    const text = describeArn(value);
    if (text) return at(machine, node, text);
  }
  if (key === 'ErrorEquals' && inArray) {
    const e = ERRORS_BY_NAME.get(value);
    if (e) return at(machine, node, `**${e.name}**\n\n${e.description}`);
  }
  if (!state) return undefined;
  return state.queryLanguage === 'JSONata' ? jsonataHover(machine, node, offset, state) : pathHover(machine, node, offset, state);
}

/** "**Task** state "Fetch" in branch 1 of "P"", where it goes and what leads to it. */
export function describeState(state: StateInfo): string {
  const lines = [`**${state.type ?? 'Untyped'}** state "${state.name}"${state.scope.kind === 'machine' ? '' : ` in ${state.scope.label}`}`];
  const comment = state.tree.scalar(state.tree.get(state.index, 'Comment'));
  if (typeof comment === 'string') lines.push(`\n${comment}`);
  const next = state.transitions.filter((t) => t.kind === 'Next').map((t) => `\`${t.target}\``);
  const choices = state.transitions.filter((t) => t.kind === 'Choice').map((t) => `\`${t.target}\``);
  const def = state.transitions.filter((t) => t.kind === 'Default').map((t) => `\`${t.target}\``);
  const catches = state.transitions.filter((t) => t.kind === 'Catch').map((t) => `\`${t.target}\``);
  const goes: string[] = [];
  if (next.length) goes.push(`next ${next.join(', ')}`);
  if (choices.length) goes.push(`by its rules ${unique(choices).join(', ')}`);
  if (def.length) goes.push(`by default ${def.join(', ')}`);
  if (catches.length) goes.push(`on errors ${unique(catches).join(', ')}`);
  if (state.terminal)
    goes.push(
      state.type === 'Fail'
        ? 'fails the execution'
        : `ends ${state.scope.kind === 'machine' ? 'the execution' : 'its branch or iteration'}`,
    );
  if (goes.length) lines.push(`\nGoes ${goes.join('; ')}.`);
  if (state.children.length)
    lines.push(
      `\nRuns ${state.children.map((s) => `${s.label} (${s.stateList.length} state${s.stateList.length === 1 ? '' : 's'})`).join(', ')}.`,
    );
  const from = transitionsTo(state.scope, state.name).map((t) => (t.kind === 'StartAt' ? '`StartAt`' : `\`${t.from?.name}\``));
  lines.push(from.length ? `\nReached from ${unique(from).join(', ')}.` : '\nNothing leads here.');
  return lines.join('\n');
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

const PATTERN_DOCS: Record<string, string> = {
  '': 'Request-response: the state continues as soon as the service has answered.',
  '.sync': 'Run a job (`.sync`): the state waits until the job completes.',
  '.sync:2': 'Run a job (`.sync:2`): waits until it completes; the output is parsed JSON.',
  '.waitForTaskToken':
    'Callback (`.waitForTaskToken`): the state waits until the task token (`$$.Task.Token`) comes back through SendTaskSuccess or SendTaskFailure.',
};

/** What a Resource ARN runs, or undefined when it is not recognised. */
export function describeArn(arn: string): string | undefined {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return undefined;
  if (parts[2] === 'states' && parts[3] === '' && parts[4] === '') {
    const service = parts[5];
    if (service === 'aws-sdk' && parts[6]) {
      const rest = parts.slice(7).join(':');
      return `**AWS SDK integration**: calls the \`${parts[6]}\` API \`${rest.replace(/\.waitForTaskToken$/, '')}\`${rest.endsWith('.waitForTaskToken') ? ' and waits for the task token to come back' : ''}. The request is the state's \`Parameters\`/\`Arguments\` (the API's parameter names, in PascalCase); the result is the API's response.`;
    }
    const rest = parts.slice(6).join(':');
    const dot = rest.indexOf('.');
    const action = dot < 0 ? rest : rest.slice(0, dot);
    const pattern = dot < 0 ? '' : rest.slice(dot);
    const it = findIntegration(service, action);
    if (!it) return undefined;
    return `**${service}:${action}** (optimized integration)\n\n${it.description}\n\n${PATTERN_DOCS[pattern] ?? `\`${pattern}\` is not a pattern of this integration.`}`;
  }
  if (parts[2] === 'lambda' && parts[5] === 'function' && parts[6]) {
    return `**Lambda function** \`${parts[6]}\`${parts[7] ? ` (version or alias \`${parts[7]}\`)` : ''} in ${parts[3]}, account ${parts[4]}.\n\nCalled directly, its output is the result. The \`arn:aws:states:::lambda:invoke\` integration is the recommended form (a quick fix converts it).`;
  }
  if (parts[2] === 'states' && parts[5] === 'activity' && parts[6]) {
    return `**Activity** \`${parts[6]}\` in ${parts[3]}, account ${parts[4]}: the task waits until a worker polls for it (GetActivityTask) and reports its result.`;
  }
  return undefined;
}

/** The name-like word of the string's raw text around the offset, with its text range. */
function wordAt(machine: Machine, at: number, offset: number, chars: RegExp): { word: string; offset: number } | undefined {
  const text = machine.doc.text;
  const node = machine.doc.tree!.range(at);
  const lo = node.offset + 1;
  const hi = node.offset + node.length - (isTerminated(text, node) ? 1 : 0);
  let s = offset;
  while (s > lo && chars.test(text[s - 1])) s--;
  let e = offset;
  while (e < hi && chars.test(text[e])) e++;
  return e > s ? { word: text.slice(s, e), offset: s } : undefined;
}

function pathHover(machine: Machine, node: number, offset: number, state: StateInfo): Hover | undefined {
  const w = wordAt(machine, node, offset, /[A-Za-z0-9_.$]/);
  if (!w) return undefined;
  const sig = INTRINSICS.get(w.word.replace(/\.$/, ''));
  if (sig) return { contents: `\`\`\`\n${signatureLabel(sig)}\n\`\`\`\n${sig.description}`, offset: w.offset, length: w.word.length };
  if (w.word.startsWith('$$.')) {
    const f = contextField(w.word.slice(3));
    if (f) return { contents: `\`${w.word}\` (Context object)\n\n${f.description}`, offset: w.offset, length: w.word.length };
  }
  if (/^\$[A-Za-z_]/.test(w.word)) return variableHover(machine, w.word.split('.')[0], w.offset, state);
  return undefined;
}

function jsonataHover(machine: Machine, node: number, offset: number, state: StateInfo): Hover | undefined {
  const value = String(machine.doc.tree!.string(node));
  if (!value.startsWith('{%')) return undefined;
  const w = wordAt(machine, node, offset, /[A-Za-z0-9_.$]/);
  if (!w || !w.word.startsWith('$')) return undefined;
  const parts = w.word.split('.');
  const text = machine.doc.text;
  const called = text[w.offset + w.word.length] === '(';
  if (parts[0] === '$states') {
    if (parts.length === 1)
      return {
        contents: '`$states`: the reserved variable holding `input`, `result`, `errorOutput` and `context`.',
        offset: w.offset,
        length: w.word.length,
      };
    if (parts[1] === 'context' && parts.length > 2) {
      const f = contextField(parts.slice(2).join('.'));
      if (f) return { contents: `\`${w.word}\` (Context object)\n\n${f.description}`, offset: w.offset, length: w.word.length };
    }
    const doc = STATES_VARIABLE_DOCS[parts[1]];
    if (doc) return { contents: `\`$states.${parts[1]}\`\n\n${doc}`, offset: w.offset, length: 8 + parts[1].length };
    return undefined;
  }
  const name = parts[0].slice(1);
  const fn = JSONATA_FUNCTIONS_BY_NAME.get(name);
  const assigned = analyzeVariables(machine).assignedBy.has(name);
  if (fn && (called || !assigned)) {
    return {
      contents: `\`\`\`\n${fn.signature}\n\`\`\`\n${fn.description}${fn.stepFunctions ? '\n\n(Added by Step Functions.)' : ''}`,
      offset: w.offset,
      length: parts[0].length,
    };
  }
  return variableHover(machine, parts[0], w.offset, state);
}

function variableHover(machine: Machine, word: string, offset: number, state: StateInfo): Hover | undefined {
  const name = word.slice(1);
  const sites = analyzeVariables(machine).assignedBy.get(name);
  if (!sites) return undefined;
  const by = unique(sites.map((s) => `\`${s.state.name}\``));
  const visible = analyzeVariables(machine).isVisible(state, name);
  return {
    contents: `Workflow variable \`$${name}\`, assigned by ${by.slice(0, 5).join(', ')}${by.length > 5 ? ', ...' : ''}.${visible ? '' : `\n\nNot assigned on any path reaching "${state.name}".`}`,
    offset,
    length: word.length,
  };
}
