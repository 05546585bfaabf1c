/**
 * What Terraform, `sam remote invoke` and the SDKs' endpoint settings send, reproduced call by call
 * with @aws-sdk/client-sfn (Terraform's Go SDK and SAM's boto3 speak the same AWS JSON 1.0 to the
 * same actions). Terraform and the SAM CLI themselves cannot be installed here (neither is an npm
 * or a Debian package), so these are their request shapes, taken from their sources:
 * - Terraform: hashicorp/terraform-provider-aws, internal/service/sfn/state_machine.go
 *   (resourceStateMachineCreate / Read / Update / Delete, expandLoggingConfiguration,
 *   waitStateMachineDeleted) and tags_gen.go (ListTagsForResource, TagResource, UntagResource).
 * - SAM: aws/aws-sam-cli, samcli/lib/remote_invoke/stepfunctions_invoke_executors.py
 *   (StartExecution named sam_remote_invoke_<YYYYmmddTHHMMSS>, then DescribeExecution until the
 *   status is not RUNNING, reading output, or error and cause).
 * - Endpoint settings: @smithy/core getEndpointUrlConfig (AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL,
 *   a shared config file's `services` section), which boto3 and the CLI v2 also read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  SFNClient,
  StartExecutionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { failure, ROLE, serveAround, type Served } from './serve';

let s: Served;
serveAround(['--wait-time-scale', '0'], (served) => (s = served));

/** A heredoc definition as Terraform sends it: indented, with the trailing newline of `EOF`. */
const HEREDOC = `  {
    "Comment": "A Hello World example",
    "StartAt": "Hello",
    "States": {
      "Hello": { "Type": "Pass", "Result": "Hello", "Next": "World" },
      "World": { "Type": "Pass", "Result": "World", "End": true }
    }
  }
`;
const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/tf-machine:*';

test('Terraform aws_sfn_state_machine: create, read (and refresh), update, tags, destroy, as the provider calls them', async () => {
  // Create: name, definition, roleArn, type, tags and the logging/tracing blocks (log_destination
  // becomes destinations[0].cloudWatchLogsLogGroup.logGroupArn); Go's zero-valued `publish` is not sent.
  const logging = { level: 'ALL', includeExecutionData: true, destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }] };
  const created = await s.client.send(
    new CreateStateMachineCommand({
      name: 'tf-machine',
      definition: HEREDOC,
      roleArn: ROLE,
      type: 'STANDARD',
      tags: [{ key: 'env', value: 'dev' }],
      loggingConfiguration: logging,
      tracingConfiguration: { enabled: true },
    } as never),
  );
  const arn = created.stateMachineArn!;
  // Read: every attribute the provider sets from DescribeStateMachine, then the versions (state_machine_version_arn) and the tags.
  const read = async () => {
    const d = await s.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    const versions = await s.client.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    const tags = await s.client.send(new ListTagsForResourceCommand({ resourceArn: arn }));
    return { d, versions: versions.stateMachineVersions!, tags: tags.tags! };
  };
  const first = await read();
  assert.equal(first.d.stateMachineArn, arn);
  assert.ok(first.d.creationDate instanceof Date && !Number.isNaN(first.d.creationDate.getTime()));
  // The definition comes back byte for byte (the provider diffs it as JSON against the configuration).
  assert.equal(first.d.definition, HEREDOC);
  assert.equal(first.d.name, 'tf-machine');
  assert.equal(first.d.roleArn, ROLE);
  assert.equal(first.d.status, 'ACTIVE');
  assert.equal(first.d.type, 'STANDARD');
  assert.equal(typeof first.d.revisionId, 'string');
  assert.deepEqual(first.d.loggingConfiguration, logging);
  assert.deepEqual(first.d.tracingConfiguration, { enabled: true });
  assert.deepEqual(first.versions, []);
  assert.deepEqual(first.tags, [{ key: 'env', value: 'dev' }]);
  // A refresh (plan) reads the same again: no drift.
  const again = await read();
  assert.equal(again.d.revisionId, first.d.revisionId);
  assert.deepEqual(again.d.loggingConfiguration, first.d.loggingConfiguration);

  // Update: the provider always sends definition and roleArn, and the blocks that changed. Go's
  // false `includeExecutionData` is its zero value and is left out.
  const changed = HEREDOC.replace('"Result": "World"', '"Result": "Terraform"');
  const lowered = { level: 'ERROR', destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: LOG_GROUP } }] };
  const updated = await s.client.send(
    new UpdateStateMachineCommand({ stateMachineArn: arn, definition: changed, roleArn: ROLE, loggingConfiguration: lowered } as never),
  );
  assert.ok(updated.updateDate instanceof Date);
  // Its wait for consistency: DescribeStateMachine until definition, role, tracing and logging read as sent.
  const after = (await read()).d;
  assert.equal(after.definition, changed);
  assert.notEqual(after.revisionId, first.d.revisionId);
  assert.equal(after.loggingConfiguration!.level, 'ERROR');
  assert.equal(after.loggingConfiguration!.includeExecutionData ?? false, false);
  assert.deepEqual(after.tracingConfiguration, { enabled: true });
  // Tags change through TagResource / UntagResource (the provider's generated updateTags).
  await s.client.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'team', value: 'payments' }] }));
  await s.client.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
  assert.deepEqual((await read()).tags, [{ key: 'team', value: 'payments' }]);

  // Destroy: DeleteStateMachine, then DescribeStateMachine until StateMachineDoesNotExist (ACTIVE and DELETING are pending).
  await s.client.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
  const gone = await failure(s.client.send(new DescribeStateMachineCommand({ stateMachineArn: arn })));
  assert.equal(gone.name, 'StateMachineDoesNotExist');
  // A second apply creates it afresh under the same name.
  const recreated = await s.client.send(
    new CreateStateMachineCommand({ name: 'tf-machine', definition: HEREDOC, roleArn: ROLE, type: 'STANDARD' }),
  );
  assert.equal(recreated.stateMachineArn, arn);
  assert.deepEqual((await s.client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, []);
});

test('sam remote invoke: StartExecution named sam_remote_invoke_<time>, DescribeExecution until not RUNNING, then output or error and cause', async () => {
  const ok = (
    await s.client.send(
      new CreateStateMachineCommand({
        name: 'sam-ok',
        definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', ResultPath: '$.greeted', Result: true, End: true } } }),
        roleArn: ROLE,
      }),
    )
  ).stateMachineArn!;
  const bad = (
    await s.client.send(
      new CreateStateMachineCommand({
        name: 'sam-bad',
        definition: JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Oops', Cause: 'it broke' } } }),
        roleArn: ROLE,
      }),
    )
  ).stateMachineArn!;
  const invoke = async (stateMachineArn: string, payload: string) => {
    const name = `sam_remote_invoke_${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
    const { executionArn } = await s.client.send(new StartExecutionCommand({ name, input: payload, stateMachineArn }));
    for (;;) {
      const d = await s.client.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') return d;
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const d = await invoke(ok, '{"who":"sam"}');
  assert.equal(d.status, 'SUCCEEDED');
  assert.deepEqual(JSON.parse(d.output!), { who: 'sam', greeted: true });
  // SAM formats both dates with strftime: they must be dates.
  assert.ok(d.startDate instanceof Date && d.stopDate instanceof Date && d.stopDate >= d.startDate);
  const f = await invoke(bad, '{}');
  assert.equal(f.status, 'FAILED');
  assert.equal(f.output, undefined);
  assert.deepEqual([f.error, f.cause], ['Oops', 'it broke']);
});

/** Runs `fn` with the environment changed, then puts it back. */
async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A client as application code makes it: no endpoint in the code, everything from the environment. */
const plainClient = () => new SFNClient({ maxAttempts: 1 });
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x', AWS_REGION: 'us-east-1' };

test("SDK endpoint settings: AWS_ENDPOINT_URL_SFN, AWS_ENDPOINT_URL, and a shared config file's services section reach the endpoint", async () => {
  const names = async (c: SFNClient) => (await c.send(new ListStateMachinesCommand({}))).stateMachines!.map((m) => m.name);
  const expected = await names(s.client);
  assert.ok(expected.length > 0);
  const none = join(mkdtempSync(join(tmpdir(), 'aslwb-cfg-')), 'none');
  assert.deepEqual(
    await withEnv({ ...CREDENTIALS, AWS_CONFIG_FILE: none, AWS_ENDPOINT_URL_SFN: s.url }, () => names(plainClient())),
    expected,
  );
  assert.deepEqual(await withEnv({ ...CREDENTIALS, AWS_CONFIG_FILE: none, AWS_ENDPOINT_URL: s.url }, () => names(plainClient())), expected);
  const dir = mkdtempSync(join(tmpdir(), 'aslwb-cfg-'));
  const config = join(dir, 'config');
  // A named profile takes its credentials from the files too (the SDK skips the environment's then).
  writeFileSync(
    config,
    `[profile local]\nregion = us-east-1\naws_access_key_id = x\naws_secret_access_key = x\nservices = local-sfn\n\n[services local-sfn]\nsfn =\n  endpoint_url = ${s.url}\n`,
  );
  assert.deepEqual(
    await withEnv({ AWS_PROFILE: 'local', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') }, () =>
      names(plainClient()),
    ),
    expected,
  );
});
