/**
 * The actions of the Step Functions API, each a function from the request body to the response
 * body (API reference: each action's request and response syntax). Errors are ApiErrors.
 */
import { randomUUID } from 'node:crypto';
import { executionArn, machineArn, readExecutionArn, readMachineArn } from './arns';
import { requireValidDefinition, validateDefinition } from './definitions';
import { ApiError, executionExists, noExecution, noStateMachine, stateMachineExists, validation } from './errors';
import { machineTypeOf, type Executions } from './executions';
import { awsEvent } from './history';
import { page } from './paging';
import { testState, TestStateRequestError, type TestStateRequest } from '../core/engine/testState';
import type { ExecutionRecord, StateMachineRecord, Store } from './store';
import {
  MAX_ARN,
  MAX_CAUSE,
  MAX_DEFINITION,
  MAX_ERROR,
  MAX_INPUT,
  MAX_NAME,
  MAX_TAGS,
  MAX_TASK_TOKEN,
  MAX_TAG_KEY,
  checkName,
  optionalBool,
  optionalEnum,
  optionalInt,
  optionalString,
  readTags,
  requireString,
  type Body,
  type Tag,
} from './validate';

export type Action = (body: Body) => unknown;

const TYPES = ['STANDARD', 'EXPRESS'] as const;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;
/** API reference, GetExecutionHistory / ListExecutions: "The default is 100". */
const DEFAULT_PAGE = 100;
/** Logging and tracing as a machine created without them describes them. */
const DEFAULT_LOGGING = { level: 'OFF', includeExecutionData: false };
const DEFAULT_TRACING = { enabled: false };

const seconds = (ms: number) => ms / 1000;

export function actions(store: Store, executions: Executions): Record<string, Action> {
  const machine = (arnText: string): StateMachineRecord => {
    const { arn } = readMachineArn(arnText);
    const m = store.machines.get(arn);
    if (!m) throw noStateMachine(arnText);
    return m;
  };
  const execution = (arnText: string): ExecutionRecord => {
    const e = store.executions.get(readExecutionArn(arnText));
    if (!e) throw noExecution(arnText);
    return e;
  };
  const roleArn = (body: Body, required: boolean): string | undefined => {
    const v = required ? requireString(body, 'roleArn', MAX_ARN) : optionalString(body, 'roleArn', MAX_ARN, 1);
    if (v !== undefined && !/^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(v)) throw new ApiError('InvalidArn', `Invalid Role Arn: '${v}'`);
    return v;
  };
  const describeExecution = (e: ExecutionRecord): Record<string, unknown> => {
    const out: Record<string, unknown> = {
      executionArn: e.arn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: seconds(e.startDate),
      input: e.input,
      inputDetails: { included: true },
      redriveCount: 0,
    };
    if (e.stopDate !== undefined) out.stopDate = seconds(e.stopDate);
    if (e.output !== undefined) {
      out.output = e.output;
      out.outputDetails = { included: true };
    }
    if (e.error !== undefined) out.error = e.error;
    if (e.cause !== undefined) out.cause = e.cause;
    if (e.traceHeader !== undefined) out.traceHeader = e.traceHeader;
    return out;
  };

  /** StartExecution's checks and record; `sync` for StartSyncExecution. */
  const begin = (body: Body, sync: boolean): { record: ExecutionRecord; done?: Promise<ExecutionRecord> } => {
    const target = requireString(body, 'stateMachineArn', MAX_ARN);
    const name = optionalString(body, 'name', MAX_NAME, 1) ?? randomUUID();
    checkName(name);
    const inputText = optionalString(body, 'input', MAX_INPUT) ?? '{}';
    const traceHeader = optionalString(body, 'traceHeader', 256);
    const ref = readMachineArn(target);
    const m = machine(target);
    if (sync && m.type !== 'EXPRESS')
      throw new ApiError('StateMachineTypeNotSupported', `This operation is not supported by this type of state machine: '${m.arn}'`);
    let input: unknown;
    try {
      input = JSON.parse(inputText);
    } catch (e) {
      throw new ApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(e as Error).message}'`);
    }
    const arn = executionArn(m.name, name);
    const existing = store.executions.get(arn);
    if (existing) {
      // API reference, StartExecution: the same name and input as a running execution succeeds
      // with the original response; a closed execution or other input is ExecutionAlreadyExists.
      if (!sync && existing.status === 'RUNNING' && existing.input === inputText) return { record: existing };
      throw executionExists(arn);
    }
    const testCase = ref.testCase !== undefined ? executions.testCase(m, ref.testCase) : undefined;
    const record: ExecutionRecord = {
      arn,
      stateMachineArn: m.arn,
      name,
      status: 'RUNNING',
      startDate: Date.now(),
      input: inputText,
      definition: m.definition,
      roleArn: m.roleArn,
      machineName: m.name,
      events: [],
    };
    if (traceHeader !== undefined) record.traceHeader = traceHeader;
    if (ref.testCase !== undefined) record.testCase = ref.testCase;
    const done = executions.start(m, record, input, testCase);
    return { record, done };
  };

  const tagsOf = (arnText: string): { tags: Tag[]; save: () => void } => {
    requireString({ resourceArn: arnText }, 'resourceArn', MAX_ARN);
    let arn: string;
    try {
      arn = readMachineArn(arnText).arn;
    } catch {
      throw new ApiError('InvalidArn', `Invalid Arn: '${arnText}'`);
    }
    const m = store.machines.get(arn);
    if (!m) throw new ApiError('ResourceNotFound', `Resource not found: '${arnText}'`);
    return { tags: m.tags, save: () => store.saveMachine(m) };
  };

  return {
    CreateStateMachine(body) {
      const name = requireString(body, 'name', MAX_NAME);
      const definition = requireString(body, 'definition', MAX_DEFINITION);
      const role = roleArn(body, true)!;
      const type = optionalEnum(body, 'type', TYPES) ?? 'STANDARD';
      const tags = readTags(body, 'tags');
      checkName(name);
      if (tags.length > MAX_TAGS) throw new ApiError('TooManyTags', `Too many tags: at most ${MAX_TAGS}.`);
      requireValidDefinition(definition, type);
      const arn = machineArn(name);
      const existing = store.machines.get(arn);
      if (existing) {
        // API reference, CreateStateMachine: idempotent for the same definition, role and type.
        if (existing.definition === definition && existing.roleArn === role && existing.type === type)
          return { stateMachineArn: arn, creationDate: seconds(existing.creationDate) };
        throw stateMachineExists(arn);
      }
      const m: StateMachineRecord = {
        arn,
        name,
        definition,
        roleArn: role,
        type,
        creationDate: Date.now(),
        revisionId: randomUUID(),
        tags,
      };
      if (body.loggingConfiguration !== undefined) m.loggingConfiguration = body.loggingConfiguration;
      if (body.tracingConfiguration !== undefined) m.tracingConfiguration = body.tracingConfiguration;
      store.saveMachine(m);
      return { stateMachineArn: arn, creationDate: seconds(m.creationDate) };
    },

    DescribeStateMachine(body) {
      const m = machine(requireString(body, 'stateMachineArn', MAX_ARN));
      const out: Record<string, unknown> = {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: m.type,
        creationDate: seconds(m.creationDate),
        loggingConfiguration: m.loggingConfiguration ?? DEFAULT_LOGGING,
        tracingConfiguration: m.tracingConfiguration ?? DEFAULT_TRACING,
        revisionId: m.revisionId,
      };
      if (m.description !== undefined) out.description = m.description;
      return out;
    },

    UpdateStateMachine(body) {
      const m = machine(requireString(body, 'stateMachineArn', MAX_ARN));
      const definition = optionalString(body, 'definition', MAX_DEFINITION, 1);
      const role = roleArn(body, false);
      if (
        definition === undefined &&
        role === undefined &&
        body.loggingConfiguration === undefined &&
        body.tracingConfiguration === undefined
      ) {
        // API reference, UpdateStateMachine: "MissingRequiredParameter: Request is missing a required parameter".
        throw new ApiError(
          'MissingRequiredParameter',
          'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
        );
      }
      if (definition !== undefined) requireValidDefinition(definition, m.type);
      const updated: StateMachineRecord = { ...m, updateDate: Date.now(), revisionId: randomUUID() };
      if (definition !== undefined) updated.definition = definition;
      if (role !== undefined) updated.roleArn = role;
      if (body.loggingConfiguration !== undefined) updated.loggingConfiguration = body.loggingConfiguration;
      if (body.tracingConfiguration !== undefined) updated.tracingConfiguration = body.tracingConfiguration;
      store.saveMachine(updated);
      return { updateDate: seconds(updated.updateDate!), revisionId: updated.revisionId };
    },

    DeleteStateMachine(body) {
      const { arn } = readMachineArn(requireString(body, 'stateMachineArn', MAX_ARN));
      store.deleteMachine(arn);
      return {};
    },

    ListStateMachines(body) {
      const all = [...store.machines.values()].sort((a, b) => a.creationDate - b.creationDate || a.name.localeCompare(b.name));
      const p = page(all, body, DEFAULT_PAGE);
      return {
        stateMachines: p.items.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: seconds(m.creationDate) })),
        ...p.next,
      };
    },

    StartExecution(body) {
      const { record } = begin(body, false);
      return { executionArn: record.arn, startDate: seconds(record.startDate) };
    },

    async StartSyncExecution(body) {
      const { done } = begin(body, true);
      const e = await done!;
      const out = describeExecution(e);
      delete out.redriveCount;
      out.billingDetails = {
        billedMemoryUsedInMB: 64,
        billedDurationInMilliseconds: Math.max(100, Math.ceil(((e.stopDate ?? e.startDate) - e.startDate) / 100) * 100),
      };
      return out;
    },

    DescribeExecution(body) {
      return describeExecution(execution(requireString(body, 'executionArn', MAX_ARN)));
    },

    ListExecutions(body) {
      const target = optionalString(body, 'stateMachineArn', MAX_ARN, 1);
      const statusFilter = optionalEnum(body, 'statusFilter', STATUSES);
      if (target === undefined) {
        if (body.mapRunArn !== undefined) throw new ApiError('ResourceNotFound', `Resource not found: '${String(body.mapRunArn)}'`);
        throw new ApiError('ValidationException', 'Must provide a StateMachine ARN or MapRun ARN');
      }
      const m = machine(target);
      const all = [...store.executions.values()]
        .filter((e) => e.stateMachineArn === m.arn && (statusFilter === undefined || e.status === statusFilter))
        .reverse();
      const p = page(all, body, DEFAULT_PAGE);
      return {
        executions: p.items.map((e) => {
          const item: Record<string, unknown> = {
            executionArn: e.arn,
            stateMachineArn: e.stateMachineArn,
            name: e.name,
            status: e.status,
            startDate: seconds(e.startDate),
          };
          if (e.stopDate !== undefined) item.stopDate = seconds(e.stopDate);
          return item;
        }),
        ...p.next,
      };
    },

    StopExecution(body) {
      const e = execution(requireString(body, 'executionArn', MAX_ARN));
      const error = optionalString(body, 'error', MAX_ERROR);
      const cause = optionalString(body, 'cause', MAX_CAUSE);
      if (e.status === 'RUNNING') executions.stop(e, error, cause);
      return { stopDate: seconds(e.stopDate ?? Date.now()) };
    },

    GetExecutionHistory(body) {
      const e = execution(requireString(body, 'executionArn', MAX_ARN));
      const reverse = optionalBool(body, 'reverseOrder') ?? false;
      const includeData = optionalBool(body, 'includeExecutionData') ?? true;
      const events = reverse ? [...e.events].reverse() : e.events;
      const p = page(events, body, DEFAULT_PAGE);
      return { events: p.items.map((ev) => awsEvent(ev, includeData)), ...p.next };
    },

    DescribeStateMachineForExecution(body) {
      const e = execution(requireString(body, 'executionArn', MAX_ARN));
      const m = store.machines.get(e.stateMachineArn);
      return {
        stateMachineArn: e.stateMachineArn,
        name: e.machineName,
        definition: e.definition,
        roleArn: e.roleArn,
        updateDate: seconds(m?.updateDate ?? m?.creationDate ?? e.startDate),
        loggingConfiguration: m?.loggingConfiguration ?? DEFAULT_LOGGING,
        tracingConfiguration: m?.tracingConfiguration ?? DEFAULT_TRACING,
        ...(m ? { revisionId: m.revisionId } : {}),
      };
    },

    SendTaskSuccess(body) {
      const token = requireString(body, 'taskToken', MAX_TASK_TOKEN);
      const text = requireString(body, 'output', MAX_INPUT, 0);
      let output: unknown;
      try {
        output = JSON.parse(text);
      } catch (err) {
        throw new ApiError('InvalidOutput', `Invalid State Machine Execution Output: '${(err as Error).message}'`);
      }
      executions.callbacks.success(token, output);
      executions.journalCallback(token, { ok: true, output });
      return {};
    },

    SendTaskFailure(body) {
      const token = requireString(body, 'taskToken', MAX_TASK_TOKEN);
      const error = optionalString(body, 'error', MAX_ERROR);
      const cause = optionalString(body, 'cause', MAX_CAUSE);
      executions.callbacks.failure(token, error, cause);
      executions.journalCallback(token, { ok: false, error: error ?? '', cause: cause ?? '' });
      return {};
    },

    SendTaskHeartbeat(body) {
      executions.callbacks.heartbeat(requireString(body, 'taskToken', MAX_TASK_TOKEN));
      return {};
    },

    ValidateStateMachineDefinition(body) {
      const definition = requireString(body, 'definition', MAX_DEFINITION);
      const type = optionalEnum(body, 'type', TYPES) ?? 'STANDARD';
      const severity = optionalEnum(body, 'severity', ['ERROR', 'WARNING'] as const) ?? 'ERROR';
      const max = optionalInt(body, 'maxResults', 0, 100) || 100;
      const r = validateDefinition(definition, machineTypeOf(type));
      const shown = r.diagnostics.filter((d) => severity === 'WARNING' || d.severity === 'ERROR');
      return { result: r.result, diagnostics: shown.slice(0, max), truncated: shown.length > max };
    },

    // One revision per machine here: no published versions and no aliases to list (Terraform's
    // and CDK's readers ask for both).
    ListStateMachineVersions(body) {
      machine(requireString(body, 'stateMachineArn', MAX_ARN));
      page([], body, DEFAULT_PAGE);
      return { stateMachineVersions: [] };
    },

    ListStateMachineAliases(body) {
      machine(requireString(body, 'stateMachineArn', MAX_ARN));
      page([], body, DEFAULT_PAGE);
      return { stateMachineAliases: [] };
    },

    // The single-state runner of `asl-workbench test-state`: mocks from the request; a Task
    // without one is refused (no calls to real services from here).
    async TestState(body) {
      try {
        return await testState(body as unknown as TestStateRequest);
      } catch (e) {
        if (e instanceof TestStateRequestError) throw new ApiError(e.code, e.message);
        throw e;
      }
    },

    TagResource(body) {
      const t = tagsOf(requireString(body, 'resourceArn', MAX_ARN));
      const add = readTags(body, 'tags');
      for (const tag of add) {
        const i = t.tags.findIndex((x) => x.key === tag.key);
        if (i >= 0) t.tags[i] = tag;
        else t.tags.push(tag);
      }
      if (t.tags.length > MAX_TAGS) {
        throw Object.assign(new ApiError('TooManyTags', `The resource would have more than ${MAX_TAGS} tags.`), {
          resourceName: body.resourceArn,
        });
      }
      t.save();
      return {};
    },

    UntagResource(body) {
      const t = tagsOf(requireString(body, 'resourceArn', MAX_ARN));
      const keys = body.tagKeys;
      if (!Array.isArray(keys)) throw validation('tagKeys', 'Member must not be null', null);
      for (const k of keys) {
        if (typeof k !== 'string' || k.length < 1 || k.length > MAX_TAG_KEY)
          throw validation('tagKeys', `Member must have length less than or equal to ${MAX_TAG_KEY}`, k);
      }
      const kept = t.tags.filter((x) => !keys.includes(x.key));
      t.tags.length = 0;
      t.tags.push(...kept);
      t.save();
      return {};
    },

    ListTagsForResource(body) {
      return { tags: tagsOf(requireString(body, 'resourceArn', MAX_ARN)).tags };
    },
  };
}
