/**
 * What the editing features return: plain data with offsets into the text. The server turns
 * offsets into LSP positions; the core never sees LSP types.
 */

/** Replace `length` characters at `offset` by `newText` (an insertion when length is 0). */
export interface TextEdit {
  offset: number;
  length: number;
  newText: string;
}

export type CompletionKind = 'state' | 'field' | 'value' | 'type' | 'arn' | 'function' | 'variable' | 'snippet' | 'error' | 'context';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  /** One line beside the label (a signature, a state type). */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** The main edit: replaces the token being typed. */
  edit: TextEdit;
  /** The edit's text is a snippet (`$1`, `${1:x}`). */
  snippet?: boolean;
  /** What the editor matches what was typed against, when it differs from the label. */
  filterText?: string;
  /** Order among the items (the editor sorts by it, then by label). */
  sortText?: string;
  preselect?: boolean;
  /** E.g. the comma the user left out after the previous entry. */
  additionalEdits?: TextEdit[];
  /** Ask the editor for completions again after inserting (e.g. the state names after `"Next": "`). */
  retrigger?: boolean;
}

export interface CompletionOptions {
  /** Lambda function ARNs to offer for `Resource` and `FunctionName`: the workspace's and the user's. */
  lambdaArns?: readonly string[];
}

export interface Hover {
  /** Markdown. */
  contents: string;
  /** What the hover is about (the word or the string). */
  offset: number;
  length: number;
}
