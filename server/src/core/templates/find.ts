/**
 * Finds every state machine of a template, by content: CloudFormation / SAM resources of a state
 * machine type (JSON or YAML, CDK output included) and Serverless Framework
 * `stepFunctions.stateMachines` entries (plus any CloudFormation `resources.Resources` there).
 */
import type { MachineType } from '../types';
import { STATE_MACHINE_TYPES, type TemplateKind } from './sniff';
import type { DefinitionForm, EmbeddedMachine, HostDocument, Substitution } from './types';
import { symbolOfNode } from './symbols';

/** A Serverless `${file(path)}` reference (optionally `:key`, which we do not follow). */
const SERVERLESS_FILE_REF = /^\$\{file\(([^)]+)\)(:[^}]*)?\}$/;

export function findMachines(host: HostDocument, kind: TemplateKind): EmbeddedMachine[] {
  const { tree } = host;
  const out: EmbeddedMachine[] = [];
  if (kind === 'serverless') {
    const machines = tree.get(tree.get(0, 'stepFunctions'), 'stateMachines');
    for (const p of tree.kindOf(machines) === 'object' ? tree.children(machines) : []) {
      const m = serverlessMachine(host, p);
      if (m) out.push(m);
    }
  }
  const resources = kind === 'serverless' ? tree.get(tree.get(0, 'resources'), 'Resources') : tree.get(0, 'Resources');
  for (const p of tree.kindOf(resources) === 'object' ? tree.children(resources) : []) {
    const m = resourceMachine(host, p, kind);
    if (m) out.push(m);
  }
  return out;
}

/** The names a `Fn::Sub` string may use without a variable map: parameters and resources. */
export function templateNames(host: HostDocument): Set<string> {
  const { tree } = host;
  const names = new Set<string>();
  for (const section of ['Parameters', 'Resources']) {
    const s = tree.get(0, section);
    for (const p of tree.kindOf(s) === 'object' ? tree.children(s) : []) names.add(tree.keyText(p) ?? '');
  }
  const resources = tree.get(tree.get(0, 'resources'), 'Resources');
  for (const p of tree.kindOf(resources) === 'object' ? tree.children(resources) : []) names.add(tree.keyText(p) ?? '');
  return names;
}

function resourceMachine(host: HostDocument, prop: number, kind: TemplateKind): EmbeddedMachine | undefined {
  const { tree } = host;
  const res = tree.valueNode(prop);
  const type = tree.string(tree.get(res, 'Type'));
  if (!(STATE_MACHINE_TYPES as readonly string[]).includes(type ?? '')) return undefined;
  const props = tree.get(res, 'Properties');
  const m = base(host, prop, kind);
  // SAM: Properties.Type; CloudFormation: StateMachineType. Both STANDARD | EXPRESS.
  m.machineType = machineTypeOf(tree.string(tree.get(props, 'StateMachineType')) ?? tree.string(tree.get(props, 'Type')));
  m.substitutions = substitutionsOf(host, tree.get(props, 'DefinitionSubstitutions'));
  const definition = tree.get(props, 'Definition');
  const definitionString = tree.get(props, 'DefinitionString');
  const uri = tree.get(props, 'DefinitionUri');
  if (definition >= 0) setDefinition(host, m, definition, tree.kindOf(definition) === 'object' ? 'object' : 'string');
  else if (definitionString >= 0) setDefinition(host, m, definitionString, stringForm(host, definitionString));
  else if (tree.kindOf(uri) === 'string') {
    setDefinition(host, m, uri, 'file');
    m.file = tree.string(uri);
  } else {
    const where = uri >= 0 ? uri : tree.get(props, 'DefinitionS3Location');
    setDefinition(host, m, where, 'elsewhere');
    m.note = where >= 0 ? 'The definition is in S3; it is not checked.' : 'No Definition, DefinitionString or DefinitionUri.';
  }
  if (m.form === 'join') {
    const cdkPath = tree.string(tree.get(tree.get(res, 'Metadata'), 'aws:cdk:path'));
    m.readOnly = cdkPath
      ? `This definition is synthesized by the CDK (${cdkPath}); edit the CDK source and synthesize again.`
      : 'This definition is built by Fn::Join; edit the pieces by hand or the code that generates them.';
  }
  return m;
}

function serverlessMachine(host: HostDocument, prop: number): EmbeddedMachine | undefined {
  const { tree } = host;
  const value = tree.valueNode(prop);
  if (tree.kindOf(value) !== 'object') return undefined;
  const m = base(host, prop, 'serverless');
  // serverless-step-functions: `type: EXPRESS` (the plugin passes it to StateMachineType).
  m.machineType = machineTypeOf(tree.string(tree.get(value, 'type')));
  const definition = tree.get(value, 'definition');
  const text = tree.string(definition);
  const file = text !== undefined ? SERVERLESS_FILE_REF.exec(text.trim()) : null;
  if (tree.kindOf(definition) === 'object') setDefinition(host, m, definition, 'object');
  else if (file) {
    setDefinition(host, m, definition, 'file');
    m.file = file[1].trim();
  } else if (text !== undefined) setDefinition(host, m, definition, 'string');
  else {
    setDefinition(host, m, definition, 'elsewhere');
    m.note = 'No definition.';
  }
  return m;
}

function base(host: HostDocument, prop: number, kind: TemplateKind): EmbeddedMachine {
  const { tree } = host;
  return {
    id: tree.keyText(prop) ?? '',
    kind,
    keyRange: tree.range(tree.keyNode(prop)),
    form: 'elsewhere',
    definition: -1,
    range: tree.range(prop),
    substitutions: new Map(),
  };
}

function setDefinition(host: HostDocument, m: EmbeddedMachine, node: number, form: DefinitionForm): void {
  m.form = form;
  m.definition = node;
  if (node >= 0) m.range = host.tree.range(node);
}

/** `DefinitionString`'s form: a string, `Fn::Sub` or `Fn::Join` (anything else is not read). */
function stringForm(host: HostDocument, node: number): DefinitionForm {
  const { tree } = host;
  if (tree.kindOf(node) === 'string') return 'string';
  if (tree.get(node, 'Fn::Sub') >= 0) return 'sub';
  if (tree.get(node, 'Fn::Join') >= 0) return 'join';
  return 'elsewhere';
}

function machineTypeOf(s: string | undefined): MachineType | undefined {
  const t = s?.toUpperCase();
  return t === 'EXPRESS' || t === 'STANDARD' ? t : undefined;
}

/** A variable map (`DefinitionSubstitutions`, `Fn::Sub`'s second item): literal values and symbolic ones. */
export function substitutionsOf(host: HostDocument, map: number): Map<string, Substitution> {
  const { tree } = host;
  const out = new Map<string, Substitution>();
  for (const p of tree.kindOf(map) === 'object' ? tree.children(map) : []) {
    const name = tree.keyText(p) ?? '';
    const v = tree.valueNode(p);
    const scalar = tree.scalar(v);
    const s: Substitution = { name, keyRange: tree.range(tree.keyNode(p)), valueRange: tree.range(v) };
    if (scalar !== undefined && scalar !== null) s.literal = String(scalar);
    else {
      const symbol = symbolOfNode(host, v);
      if (symbol) s.symbol = symbol;
    }
    if (!out.has(name)) out.set(name, s);
  }
  return out;
}
