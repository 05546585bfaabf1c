/**
 * The panel's first graph, asked for as the panel is made, while the webview and its bundle load
 * (about as long as the server takes for a 2,000-state graph). No vscode here: tested in node.
 */

/** A request started early, with the parameters it was asked with. */
export interface Prefetched<T> {
  key: string;
  answer: Promise<T>;
}

/** Starts `request(params)` now; a rejection is not left unhandled when nobody takes the answer. */
export function prefetch<P, T>(params: P, request: (params: P) => Promise<T>): Prefetched<T> {
  const answer = request(params);
  answer.catch(() => undefined);
  return { key: JSON.stringify(params), answer };
}

/**
 * The answer for `params`: the prefetched one when it was asked with the same parameters (and no
 * patch base) and did not fail, else a new request. A failed early answer is asked again: it was
 * asked before the language server ran (a panel opened as the extension starts).
 */
export async function takeOrRequest<P extends { base?: string }, T>(
  early: Prefetched<T> | undefined,
  params: P,
  request: (params: P) => Promise<T>,
): Promise<T> {
  if (early !== undefined && params.base === undefined && early.key === JSON.stringify(params)) {
    try {
      return await early.answer;
    } catch {
      // ask again below
    }
  }
  return request(params);
}
