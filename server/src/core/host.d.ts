/**
 * The host globals the core may use, and nothing more: the core's tsconfig (./tsconfig.json)
 * loads no @types, so Node's API (fs, child_process, Buffer, process) does not type-check here.
 * Each global below exists in Node and in browsers alike. Anything else the core needs from its
 * host comes in as a parameter (a HandlerRunner, a TaskInvoker, file texts). The main tsconfig
 * excludes this file: there, @types/node declares the same globals.
 */

type HostTimer = { readonly __hostTimer: never } | number;
declare function setTimeout(callback: () => void, ms?: number): HostTimer;
declare function clearTimeout(timer: HostTimer | undefined): void;
declare function setInterval(callback: () => void, ms?: number): HostTimer;
declare function clearInterval(timer: HostTimer | undefined): void;

interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
}

declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}

/** Lazy loading of the one library that is worth it (see jsonata/analyze.ts); no other module. */
declare function require(id: 'jsonata'): typeof import('jsonata');
