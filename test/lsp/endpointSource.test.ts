// The server over stdio answers the endpoint watch (protocol/endpoint.ts): which template machine
// an endpoint's state machine was deployed from, the linked definition files read from disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './client';
import { ENDPOINT_SOURCE_REQUEST, type EndpointSourceAnswer } from '../../protocol/endpoint';

const CORPUS = join(__dirname, '..', '..', '..', 'test', 'templates-corpus');
const template = (rel: string) => ({ uri: pathToFileURL(join(CORPUS, rel)).toString(), text: readFileSync(join(CORPUS, rel), 'utf8') });

test('the template machine a deployed definition came from (DefinitionUri with GetAtt substitutions), null for none, an error for bad params', async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const templates = [
      template('sam-docs-substitutions/template.yaml'),
      template('sam-task-timer/template.yaml'),
      { uri: 'file:///w/package.json', text: '{"name":"x"}' },
    ];
    // Deployed as Step Functions does it: each ${Name} of DefinitionSubstitutions replaced by its value (here a GetAtt ARN).
    const definition = readFileSync(join(CORPUS, 'sam-task-timer', 'statemachine', 'TimeBoundedTasks.asl.json'), 'utf8').replace(
      '${SomeUserDependentTask}',
      'arn:aws:lambda:us-east-1:123456789012:function:Some-1',
    );
    const answer = await client.request<EndpointSourceAnswer>(ENDPOINT_SOURCE_REQUEST, {
      definition,
      machineName: 'TimeBoundedTasks-x',
      templates,
    });
    // With the linked file's URI: where the machine's states' lines are.
    assert.deepEqual(answer, {
      uri: templates[1].uri,
      machine: 'TimeBoundedTasks',
      file: pathToFileURL(join(CORPUS, 'sam-task-timer', 'statemachine', 'TimeBoundedTasks.asl.json')).toString(),
    });
    assert.equal(
      await client.request<EndpointSourceAnswer>(ENDPOINT_SOURCE_REQUEST, {
        definition: '{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}',
        machineName: 'm',
        templates,
      }),
      null,
    );
    await assert.rejects(
      client.request(ENDPOINT_SOURCE_REQUEST, { definition, templates }),
      /needs "definition", "machineName" and "templates"/,
    );
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
