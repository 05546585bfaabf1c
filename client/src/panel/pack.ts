/**
 * What the panel sends the page, packed when it is large (protocol/panel.ts PackedMessage). No
 * vscode here: tested in node.
 */
import { gzipSync } from 'node:zlib';
import type { PackedMessage, ToWebview } from '../../../protocol/panel';

/** Smaller messages go as they are: packing them saves less than it costs. */
export const PACK_MIN_CHARS = 64 * 1024;
/** zlib's fastest level: a 2 MB graph packs in about 20 ms to a tenth of its size. */
const PACK_LEVEL = 1;

/** The message as it goes to a page that can (`gzip`) or cannot unpack: a whole graph over PACK_MIN_CHARS is packed. */
export function forPage(message: ToWebview, gzip: boolean): ToWebview | PackedMessage {
  if (!gzip || message.type !== 'graph') return message;
  const json = JSON.stringify(message);
  if (json.length < PACK_MIN_CHARS) return message;
  // A plain Uint8Array (not a Node Buffer): VS Code sends typed arrays to the webview as binary.
  return { type: 'packed', gzip: Uint8Array.from(gzipSync(json, { level: PACK_LEVEL })) };
}
