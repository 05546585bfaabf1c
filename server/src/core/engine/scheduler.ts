/**
 * The virtual clock's scheduler: deterministic concurrency for Parallel branches and Map
 * iterations without spending real time.
 *
 * Every branch or iteration is a strand with its own virtual time. Exactly one strand runs at a
 * time (it holds the turn); it gives the turn away only when its time moves forward (a Wait, a
 * retry interval, a task's simulated duration) and another strand is due no later, or when it
 * ends. The next turn goes to the strand due earliest, ties in the order they started waiting.
 * Real awaits (a task invoker, a JSONata evaluation) keep the turn, so the order in which mocks
 * are called, and so the whole run, depends only on virtual times, never on real ones.
 */

interface Waiter {
  t: number;
  seq: number;
  wake: () => void;
}

export class Scheduler {
  private readonly heap: Waiter[] = [];
  private seq = 0;

  /**
   * Moving to time `t`: undefined when the caller may go on at once (no one else is due by then),
   * else a promise that resolves when its turn comes back.
   */
  yieldUntil(t: number): Promise<void> | undefined {
    if (this.heap.length === 0 || this.heap[0].t > t) return undefined;
    return new Promise<void>((wake) => {
      this.push({ t, seq: this.seq++, wake });
      this.next();
    });
  }

  /** Registers something to run at time t (a strand's start, a parent's resumption). */
  schedule(t: number, wake: () => void): void {
    this.push({ t, seq: this.seq++, wake });
  }

  /** Gives the turn to the strand due earliest. */
  next(): void {
    const w = this.pop();
    if (w) w.wake();
  }

  private push(w: Waiter): void {
    const h = this.heap;
    h.push(w);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(w, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = w;
  }

  private pop(): Waiter | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: Waiter, b: Waiter): boolean {
  return a.t < b.t || (a.t === b.t && a.seq < b.seq);
}
