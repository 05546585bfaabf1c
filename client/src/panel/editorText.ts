/**
 * A file's text as the editor has it (no vscode: tested in node): an open document's, unsaved
 * edits included, as the Testing view and the language server read it; else the file on disk.
 */

/** An open document as this reads it (vscode.TextDocument fits). */
export interface OpenDocument {
  uri: { toString(): string };
  getText(): string;
}

/**
 * The text of `uri`: the open document's, else `read()`'s bytes as UTF-8. Undefined when it is
 * larger than `maxLength` (characters of an open document, bytes on disk). `read` may throw.
 */
export async function editorText(uri: string, open: readonly OpenDocument[], read: () => PromiseLike<Uint8Array>): Promise<string>;
export async function editorText(
  uri: string,
  open: readonly OpenDocument[],
  read: () => PromiseLike<Uint8Array>,
  maxLength: number,
): Promise<string | undefined>;
export async function editorText(
  uri: string,
  open: readonly OpenDocument[],
  read: () => PromiseLike<Uint8Array>,
  maxLength = Infinity,
): Promise<string | undefined> {
  const doc = open.find((d) => d.uri.toString() === uri);
  if (doc) {
    const text = doc.getText();
    return text.length > maxLength ? undefined : text;
  }
  const bytes = await read();
  return bytes.byteLength > maxLength ? undefined : new TextDecoder().decode(bytes);
}
