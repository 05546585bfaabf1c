/** Real executions, offline: AWS's execution history read as a dry run's result, and turned into a test case. */
export {
  historyToResult,
  historyInput,
  readHistory,
  HistoryFormatError,
  type AwsHistory,
  type AwsHistoryEvent,
  type AwsDescribeExecution,
} from './awsHistory';
export { testCaseFromRun, addTestCase, type HistoryTestCase, type MockAnswer } from './toMocks';
export { firstDivergence, type Divergence } from './compare';
export { replayMockFile, divergenceMessage, REPLAY_CASE } from './replay';
