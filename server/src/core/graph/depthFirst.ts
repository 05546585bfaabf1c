/**
 * The depth-first search the layouts rank by (blocks.ts, layered.ts's fallback, sugiyama.ts):
 * from every box not yet reached, in index order, with an explicit stack so that a long chain does
 * not overflow the call stack; linear in boxes and edges. An edge into a box still on the stack
 * closes a loop: it is left out of `forward`, and every other edge goes forward in reverse postorder.
 */

export interface DepthFirst {
  /** The boxes in postorder; reversed, a topological order of the forward edges. */
  post: number[];
  /** How many boxes the search from box 0 (the start) reached: the first ones of `post`. */
  fromFirst: number;
  /** Per box, its entries of `succ` that do not close a loop, in their order. */
  forward: number[][];
}

const ON_STACK = 1;
const DONE = 2;

/**
 * `succ[v]` lists box v's outgoing entries: the boxes they lead to, or (with `heads`) edge indices
 * whose boxes `heads` gives.
 */
export function depthFirst(n: number, succ: readonly (readonly number[])[], heads?: ArrayLike<number>): DepthFirst {
  const state = new Uint8Array(n);
  const post: number[] = [];
  const forward: number[][] = Array.from({ length: n }, () => []);
  let fromFirst = 0;
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: { v: number; next: number }[] = [{ v: root, next: 0 }];
    state[root] = ON_STACK;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < succ[top.v].length) {
        const entry = succ[top.v][top.next++];
        const w = heads === undefined ? entry : heads[entry];
        if (state[w] === ON_STACK) continue;
        forward[top.v].push(entry);
        if (!state[w]) {
          state[w] = ON_STACK;
          stack.push({ v: w, next: 0 });
        }
        continue;
      }
      state[top.v] = DONE;
      post.push(top.v);
      stack.pop();
    }
    if (root === 0) fromFirst = post.length;
  }
  return { post, fromFirst, forward };
}
