/**
 * The optimized service integrations of Step Functions, with the integration patterns each
 * supports ('' = request-response, '.sync', '.sync:2', '.waitForTaskToken').
 * Source: the Step Functions developer guide, "Integrating optimized services" and each
 * service's page. Used by the ARN rule, and by completion and hover.
 */
export type Pattern = '' | '.sync' | '.sync:2' | '.waitForTaskToken';

export interface Integration {
  service: string;
  action: string;
  patterns: readonly Pattern[];
  description: string;
}

const RR: Pattern[] = [''];
const RR_TOKEN: Pattern[] = ['', '.waitForTaskToken'];
const RR_SYNC: Pattern[] = ['', '.sync'];
const ALL3: Pattern[] = ['', '.sync', '.waitForTaskToken'];

function i(service: string, action: string, patterns: readonly Pattern[], description: string): Integration {
  return { service, action, patterns, description };
}

export const INTEGRATIONS: readonly Integration[] = [
  i('lambda', 'invoke', RR_TOKEN, 'Invoke an AWS Lambda function.'),
  i('dynamodb', 'getItem', RR, 'Read one item from a DynamoDB table.'),
  i('dynamodb', 'putItem', RR, 'Create or replace an item in a DynamoDB table.'),
  i('dynamodb', 'updateItem', RR, 'Update attributes of an item in a DynamoDB table.'),
  i('dynamodb', 'deleteItem', RR, 'Delete an item from a DynamoDB table.'),
  i('sns', 'publish', RR_TOKEN, 'Publish a message to an SNS topic.'),
  i('sqs', 'sendMessage', RR_TOKEN, 'Send a message to an SQS queue.'),
  i(
    'states',
    'startExecution',
    ['', '.sync', '.sync:2', '.waitForTaskToken'],
    'Start a nested Step Functions execution (.sync:2 returns parsed JSON output).',
  ),
  i('events', 'putEvents', RR_TOKEN, 'Send custom events to an EventBridge event bus.'),
  i('ecs', 'runTask', ALL3, 'Run an Amazon ECS or Fargate task.'),
  i('batch', 'submitJob', ALL3, 'Submit an AWS Batch job.'),
  i('glue', 'startJobRun', RR_SYNC, 'Start an AWS Glue job run.'),
  i('glue', 'startCrawler', RR, 'Start an AWS Glue crawler.'),
  i('athena', 'startQueryExecution', RR_SYNC, 'Run an Athena SQL query.'),
  i('athena', 'stopQueryExecution', RR, 'Stop a running Athena query.'),
  i('athena', 'getQueryExecution', RR, 'Get the state of an Athena query.'),
  i('athena', 'getQueryResults', RR, 'Get the results of an Athena query.'),
  i('bedrock', 'invokeModel', RR, 'Invoke an Amazon Bedrock foundation model.'),
  i('bedrock', 'createModelCustomizationJob', ['', '.sync'], 'Fine-tune a Bedrock model.'),
  i('http', 'invoke', RR, 'Call a third-party HTTPS API through an EventBridge connection.'),
  i('apigateway', 'invoke', RR_TOKEN, 'Call an Amazon API Gateway API.'),
  i('codebuild', 'startBuild', RR_SYNC, 'Start an AWS CodeBuild build.'),
  i('codebuild', 'startBuildBatch', RR_SYNC, 'Start an AWS CodeBuild batch build.'),
  i('codebuild', 'stopBuild', RR, 'Stop an AWS CodeBuild build.'),
  i('codebuild', 'batchDeleteBuilds', RR, 'Delete AWS CodeBuild builds.'),
  i('databrew', 'startJobRun', RR_SYNC, 'Start an AWS Glue DataBrew job run.'),
  i('eks', 'createCluster', RR_SYNC, 'Create an Amazon EKS cluster.'),
  i('eks', 'deleteCluster', RR_SYNC, 'Delete an Amazon EKS cluster.'),
  i('eks', 'createNodegroup', RR_SYNC, 'Create an Amazon EKS node group.'),
  i('eks', 'deleteNodegroup', RR_SYNC, 'Delete an Amazon EKS node group.'),
  i('eks', 'runJob', RR_SYNC, 'Run a Kubernetes job on an Amazon EKS cluster.'),
  i('eks', 'call', RR, 'Call the Kubernetes API of an Amazon EKS cluster.'),
  i('elasticmapreduce', 'createCluster', RR_SYNC, 'Create an Amazon EMR cluster.'),
  i('elasticmapreduce', 'terminateCluster', RR_SYNC, 'Terminate an Amazon EMR cluster.'),
  i('elasticmapreduce', 'addStep', RR_SYNC, 'Add a step to an Amazon EMR cluster.'),
  i('elasticmapreduce', 'cancelStep', RR, 'Cancel a step of an Amazon EMR cluster.'),
  i('elasticmapreduce', 'setClusterTerminationProtection', RR, 'Set termination protection on an EMR cluster.'),
  i('elasticmapreduce', 'modifyInstanceFleetByName', RR, 'Modify an EMR instance fleet.'),
  i('elasticmapreduce', 'modifyInstanceGroupByName', RR, 'Modify an EMR instance group.'),
  i('emr-containers', 'startJobRun', RR_SYNC, 'Run a job on Amazon EMR on EKS.'),
  i('emr-containers', 'createVirtualCluster', RR, 'Create an EMR on EKS virtual cluster.'),
  i('emr-containers', 'deleteVirtualCluster', RR_SYNC, 'Delete an EMR on EKS virtual cluster.'),
  i('emr-serverless', 'startJobRun', RR_SYNC, 'Run a job on EMR Serverless.'),
  i('emr-serverless', 'createApplication', RR_SYNC, 'Create an EMR Serverless application.'),
  i('emr-serverless', 'startApplication', RR_SYNC, 'Start an EMR Serverless application.'),
  i('emr-serverless', 'stopApplication', RR_SYNC, 'Stop an EMR Serverless application.'),
  i('emr-serverless', 'deleteApplication', RR_SYNC, 'Delete an EMR Serverless application.'),
  i('emr-serverless', 'cancelJobRun', RR_SYNC, 'Cancel an EMR Serverless job run.'),
  i('sagemaker', 'createTrainingJob', RR_SYNC, 'Create a SageMaker training job.'),
  i('sagemaker', 'createTransformJob', RR_SYNC, 'Create a SageMaker batch transform job.'),
  i('sagemaker', 'createProcessingJob', RR_SYNC, 'Create a SageMaker processing job.'),
  i('sagemaker', 'createHyperParameterTuningJob', RR_SYNC, 'Create a SageMaker tuning job.'),
  i('sagemaker', 'createLabelingJob', RR_SYNC, 'Create a SageMaker labeling job.'),
  i('sagemaker', 'createModel', RR, 'Create a SageMaker model.'),
  i('sagemaker', 'createEndpoint', RR, 'Create a SageMaker endpoint.'),
  i('sagemaker', 'createEndpointConfig', RR, 'Create a SageMaker endpoint configuration.'),
  i('sagemaker', 'updateEndpoint', RR, 'Update a SageMaker endpoint.'),
  i('s3', 'getObject', RR, 'Read an S3 object (Distributed Map ItemReader).'),
  i('s3', 'listObjectsV2', RR, 'List the objects under an S3 prefix (Distributed Map ItemReader).'),
  i('s3', 'putObject', RR, 'Write an S3 object (Distributed Map ResultWriter).'),
  i('mediaconvert', 'createJob', RR_SYNC, 'Create an AWS Elemental MediaConvert job.'),
];

const byService = new Map<string, Map<string, Integration>>();
for (const it of INTEGRATIONS) {
  let m = byService.get(it.service);
  if (!m) byService.set(it.service, (m = new Map()));
  m.set(it.action, it);
}

export function findIntegration(service: string, action: string): Integration | undefined {
  return byService.get(service)?.get(action);
}

export function integrationServices(): string[] {
  return [...byService.keys()];
}

export function integrationActions(service: string): string[] {
  return [...(byService.get(service)?.keys() ?? [])];
}
