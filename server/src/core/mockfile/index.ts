/** The mock file as a first-class document: outline, diagnostics, editing, and what a run may use. */
export { looksLikeMockFile, readOutline, type MockOutline } from './outline';
export { mockFileDiagnostics, type MockFileEnvironment, type HandlerModuleInfo } from './diagnostics';
export { completeMockFile, hoverMockFile, renameInMockFile, mockStateRefAt, nodeAt, type MockEditingEnvironment } from './features';
export { moduleExports } from './exports';
export { blockingErrors } from './blocking';
export { mockFileSkeleton, recordRun, addTestCase, addRecordedCase, handlerStub, addLocalHandler, type RecordedCase } from './authoring';
