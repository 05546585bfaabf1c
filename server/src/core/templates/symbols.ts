/**
 * What a `Ref` or `Fn::GetAtt` stands for, known from the template before it is deployed: the
 * resource's type says what kind of value the attribute is (a Lambda function's `Arn` is a
 * Lambda function ARN; `Ref` of it is its name), and a parameter says its type and default. The
 * value itself stays unknown until deployment, so the checker never reads it as text; only the
 * kind is checked (a Task's `Resource` must be an ARN it can call).
 *
 * Return values per resource type: the CloudFormation User Guide's "Return values" section of each
 * resource page (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-template-resource-type-ref.html),
 * e.g. AWS::Lambda::Function: "Ref returns the resource name", "Fn::GetAtt Arn: the ARN of the
 * function"; AWS::SQS::Queue: Ref returns the queue URL; AWS::SNS::Topic: Ref returns the topic
 * ARN; AWS::DynamoDB::Table: Ref returns the table name. SAM resources return what the resources
 * they generate return (SAM specification, "Referencing resources": AWS::Serverless::Function ->
 * AWS::Lambda::Function, AWS::Serverless::StateMachine -> AWS::StepFunctions::StateMachine).
 */
import type { Tree } from '../tree';
import type { HostDocument } from './types';

/** What kind of value a symbol is. `lambda-arn` and `activity-arn` / `state-machine-arn` are ARNs a Task can name. */
export type SymbolKind = 'lambda-arn' | 'activity-arn' | 'state-machine-arn' | 'arn' | 'name' | 'url' | 'parameter' | 'unknown';

export interface SymbolicValue {
  /** `Ref` or `Fn::GetAtt`. */
  fn: 'Ref' | 'Fn::GetAtt';
  /** The logical ID (resource or parameter) it names. */
  target: string;
  attribute?: string;
  /** The resource's or parameter's type, when the template has it. */
  type?: string;
  kind: SymbolKind;
  /** In words: "the Arn of MyFunction (AWS::Serverless::Function)". */
  description: string;
  /** A parameter's default, as written. */
  default?: string;
}

interface ValueKind {
  kind: SymbolKind;
  /** What the value is, in words ("a Lambda function ARN"). */
  what: string;
}

const LAMBDA_ARN: ValueKind = { kind: 'lambda-arn', what: 'a Lambda function ARN' };
const LAMBDA_NAME: ValueKind = { kind: 'name', what: "the function's name (not its ARN)" };
const STATE_MACHINE_ARN: ValueKind = { kind: 'state-machine-arn', what: 'a state machine ARN' };

/** Per resource type: what `Ref` gives and what each known `Fn::GetAtt` attribute gives. */
const RESOURCE_VALUES: Record<string, { ref: ValueKind; attributes: Record<string, ValueKind> }> = {
  'AWS::Lambda::Function': { ref: LAMBDA_NAME, attributes: { Arn: LAMBDA_ARN } },
  'AWS::Serverless::Function': { ref: LAMBDA_NAME, attributes: { Arn: LAMBDA_ARN } },
  'AWS::Lambda::Alias': { ref: { kind: 'lambda-arn', what: "the alias's ARN (a Lambda function ARN)" }, attributes: {} },
  'AWS::Lambda::Version': { ref: { kind: 'lambda-arn', what: "the version's ARN (a Lambda function ARN)" }, attributes: {} },
  'AWS::StepFunctions::Activity': {
    ref: { kind: 'activity-arn', what: 'an activity ARN' },
    attributes: { Name: { kind: 'name', what: "the activity's name" } },
  },
  'AWS::StepFunctions::StateMachine': {
    ref: STATE_MACHINE_ARN,
    attributes: { Arn: STATE_MACHINE_ARN, Name: { kind: 'name', what: "the state machine's name" } },
  },
  'AWS::Serverless::StateMachine': {
    ref: STATE_MACHINE_ARN,
    attributes: { Arn: STATE_MACHINE_ARN, Name: { kind: 'name', what: "the state machine's name" } },
  },
  'AWS::SQS::Queue': {
    ref: { kind: 'url', what: 'the queue URL' },
    attributes: {
      Arn: { kind: 'arn', what: 'an SQS queue ARN' },
      QueueName: { kind: 'name', what: "the queue's name" },
      QueueUrl: { kind: 'url', what: 'the queue URL' },
    },
  },
  'AWS::SNS::Topic': {
    ref: { kind: 'arn', what: 'an SNS topic ARN' },
    attributes: { TopicArn: { kind: 'arn', what: 'an SNS topic ARN' }, TopicName: { kind: 'name', what: "the topic's name" } },
  },
  'AWS::DynamoDB::Table': {
    ref: { kind: 'name', what: "the table's name" },
    attributes: { Arn: { kind: 'arn', what: 'a DynamoDB table ARN' }, StreamArn: { kind: 'arn', what: 'a DynamoDB stream ARN' } },
  },
  'AWS::Serverless::SimpleTable': { ref: { kind: 'name', what: "the table's name" }, attributes: {} },
  'AWS::S3::Bucket': { ref: { kind: 'name', what: "the bucket's name" }, attributes: { Arn: { kind: 'arn', what: 'an S3 bucket ARN' } } },
  'AWS::Events::EventBus': {
    ref: { kind: 'name', what: "the event bus's name" },
    attributes: { Arn: { kind: 'arn', what: 'an event bus ARN' }, Name: { kind: 'name', what: "the event bus's name" } },
  },
  'AWS::ECS::Cluster': {
    ref: { kind: 'name', what: "the cluster's name" },
    attributes: { Arn: { kind: 'arn', what: 'an ECS cluster ARN' } },
  },
};

/** The symbol an intrinsic node (`{"Ref": ...}` / `{"Fn::GetAtt": ...}`) stands for; undefined for any other node. */
export function symbolOfNode(host: HostDocument, node: number): SymbolicValue | undefined {
  const t = host.tree;
  if (t.kindOf(node) !== 'object' || t.children(node).length !== 1) return undefined;
  const ref = t.get(node, 'Ref');
  if (ref >= 0) {
    const target = t.string(ref);
    return target === undefined ? undefined : symbolOfName(host, target, 'Ref');
  }
  const getAtt = t.get(node, 'Fn::GetAtt');
  if (getAtt < 0) return undefined;
  const parts = t.kindOf(getAtt) === 'array' ? t.children(getAtt).map((c) => t.string(c)) : (t.string(getAtt)?.split('.') ?? []);
  if (parts.length < 2 || parts.some((p) => p === undefined)) return undefined;
  return symbolOfName(host, `${parts[0]}.${parts.slice(1).join('.')}`, 'Fn::GetAtt');
}

/**
 * The symbol a name stands for: `Name` is `Ref Name`, `Name.Attribute` is `Fn::GetAtt` (as in
 * `Fn::Sub`'s `${...}`); undefined for a name the template does not declare (or a pseudo parameter).
 */
export function symbolOfName(
  host: HostDocument,
  name: string,
  fn: 'Ref' | 'Fn::GetAtt' = name.includes('.') ? 'Fn::GetAtt' : 'Ref',
): SymbolicValue | undefined {
  if (name.startsWith('AWS::')) return undefined;
  const t = host.tree;
  const dot = name.indexOf('.');
  const target = fn === 'Ref' || dot < 0 ? name : name.slice(0, dot);
  const attribute = fn === 'Fn::GetAtt' && dot > 0 ? name.slice(dot + 1) : undefined;
  if (fn === 'Ref') {
    const parameter = t.get(t.get(0, 'Parameters'), target);
    if (parameter >= 0) return parameterSymbol(t, target, parameter);
  }
  const resource = resourceNode(t, target);
  if (resource < 0) return undefined;
  const type = t.string(t.get(resource, 'Type'));
  const known = type !== undefined ? RESOURCE_VALUES[type] : undefined;
  const value = known && (attribute === undefined ? known.ref : known.attributes[attribute]);
  const subject = attribute === undefined ? `Ref ${target}` : `the ${attribute} of ${target}`;
  const typed = type ? ` (${type})` : '';
  return {
    fn,
    target,
    ...(attribute !== undefined ? { attribute } : {}),
    ...(type ? { type } : {}),
    kind: value?.kind ?? 'unknown',
    description: `${subject}${typed}${value ? `: ${value.what}` : ''}`,
  };
}

function resourceNode(t: Tree, id: string): number {
  const cfn = t.get(t.get(0, 'Resources'), id);
  if (cfn >= 0) return cfn;
  // serverless.yml: CloudFormation resources under resources.Resources.
  return t.get(t.get(t.get(0, 'resources'), 'Resources'), id);
}

function parameterSymbol(t: Tree, target: string, parameter: number): SymbolicValue {
  const type = t.string(t.get(parameter, 'Type'));
  const d = t.scalar(t.get(parameter, 'Default'));
  const def = d === undefined || d === null ? undefined : String(d);
  const typed = type ? ` (${type}${def !== undefined ? `, default "${def}"` : ''})` : def !== undefined ? ` (default "${def}")` : '';
  return {
    fn: 'Ref',
    target,
    ...(type ? { type } : {}),
    kind: 'parameter',
    description: `the parameter ${target}${typed}`,
    ...(def !== undefined ? { default: def } : {}),
  };
}

/** Kinds a Task state's `Resource` may be (besides a service integration `arn:aws:states:::...`, always literal). */
const TASK_RESOURCE_KINDS: ReadonlySet<SymbolKind> = new Set(['lambda-arn', 'activity-arn', 'parameter', 'unknown']);

/**
 * Why a symbol cannot be a Task's `Resource`, or undefined when it can (or may: a parameter or
 * an attribute we do not know). Only kinds known for certain are refused: a name, a URL, an ARN
 * of something a Task cannot call (a queue, a table), or a state machine ARN (a Task starts
 * another machine through `arn:aws:states:::states:startExecution`, not by naming it).
 */
export function taskResourceProblem(s: SymbolicValue): string | undefined {
  if (TASK_RESOURCE_KINDS.has(s.kind)) return undefined;
  const fix =
    s.fn === 'Ref' && (s.type === 'AWS::Serverless::Function' || s.type === 'AWS::Lambda::Function')
      ? ` Use its ARN: Fn::GetAtt ${s.target}.Arn.`
      : '';
  // Step Functions' answer to such a definition: "SCHEMA_VALIDATION_FAILED: Value is not a valid
  // resource ARN at /States/<name>/Resource" (aws/aws-sam-cli-app-templates#185).
  return `"Resource" is ${s.description}, which is not an ARN a Task can call: Step Functions rejects the definition ("Value is not a valid resource ARN").${fix}`;
}
