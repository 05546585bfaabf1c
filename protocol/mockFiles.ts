/**
 * The mock-file commands' requests, extension -> language server, declared once. The server
 * answers from its parse of the open definition and the core's mock-file writers; the extension
 * writes files and applies the edits (so undo works and nothing is written behind the editor).
 * Pure: no vscode, no Node.
 */
import type { ExecutionResult } from '../server/src/core/engine/types';

/** A text edit as LSP shapes it (0-based line and character). */
export interface RangeEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Request: what the commands need of an open definition: its name in mock files, a new mock file, the functions it calls. */
export const MOCK_SKELETON_REQUEST = 'aslWorkbench/mockSkeleton';
export interface MockSkeletonParams {
  uri: string;
}
export type MockSkeletonResult = { ok: true; machineName: string; text: string; lambdaFunctions: string[] } | { ok: false; reason: string };

/** Request: a test case made from a run, as edits of the mock file's text (empty: a new file). */
export const ADD_TEST_CASE_REQUEST = 'aslWorkbench/addTestCase';
export interface AddTestCaseParams {
  uri: string;
  mocksText: string;
  caseName: string;
  input: unknown;
  result: ExecutionResult;
}
export type AddTestCaseResult = { ok: true; caseName: string; edits: RangeEdit[] } | { ok: false; reason: string };

/** Request: a handler module's text for a function, and the LocalHandlers entry as edits of the mock file. */
export const HANDLER_STUB_REQUEST = 'aslWorkbench/handlerStub';
export interface HandlerStubParams {
  functionName: string;
  mocksText: string;
  /** The module's path relative to the mock file, with `/`. */
  modulePath: string;
}
export type HandlerStubResult = { ok: true; stub: string; edits: RangeEdit[] } | { ok: false; reason: string };

const isStr = (v: unknown): v is string => typeof v === 'string';
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Names and paths typed by the user: short. */
const MAX_NAME = 200;
/** Function names as Lambda allows them (1-64 letters, digits, - and _). */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Why these are not AddTestCaseParams, or undefined. */
export function addTestCaseProblem(p: unknown): string | undefined {
  if (!isObj(p) || !isStr(p.uri) || !isStr(p.mocksText)) return 'needs "uri" and "mocksText" strings';
  if (!isStr(p.caseName) || p.caseName.trim() === '' || p.caseName.length > MAX_NAME)
    return `"caseName" must be a name of 1-${MAX_NAME} characters`;
  if (!isObj(p.result) || !Array.isArray(p.result.events) || !Array.isArray(p.result.path) || !isStr(p.result.status))
    return '"result" must be an execution result';
  return undefined;
}

/** Why these are not HandlerStubParams, or undefined. */
export function handlerStubProblem(p: unknown): string | undefined {
  if (!isObj(p) || !isStr(p.functionName) || !FUNCTION_NAME.test(p.functionName)) return '"functionName" must be a Lambda function name';
  if (!isStr(p.mocksText)) return 'needs "mocksText"';
  if (!isStr(p.modulePath) || !/\.(mjs|cjs|js)$/.test(p.modulePath) || p.modulePath.length > MAX_NAME)
    return '"modulePath" must be a .mjs, .cjs or .js path';
  return undefined;
}
