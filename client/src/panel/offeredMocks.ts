/**
 * The mock-file URIs the extension itself found and offered to the webview. The webview names
 * the file of a run by URI, and the extension reads that file: a URI it did not offer (a tampered
 * or confused page) is refused, so the page can never make the extension read an arbitrary file.
 * Pure (no vscode) so the policy is unit-tested.
 */
export class OfferedMockFiles {
  private uris = new Set<string>();

  /** The files of the latest discovery, as sent to the webview; replaces the previous offer. */
  offer(files: readonly { uri: string }[]): void {
    this.uris = new Set(files.map((f) => f.uri));
  }

  /** Whether `uri` is exactly one of the offered URIs (compared as the strings that were sent). */
  accepts(uri: unknown): uri is string {
    return typeof uri === 'string' && this.uris.has(uri);
  }
}
