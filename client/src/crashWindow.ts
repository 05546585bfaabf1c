/**
 * Counts server crashes inside a sliding time window: restart after a crash unless there have
 * already been `maxRestarts` restarts within `windowMs`, so a server that dies at start-up does
 * not restart forever. Pure (no vscode) so the policy is easy to reason about and test.
 */
export class CrashWindow {
  private crashes: number[] = [];

  constructor(
    readonly maxRestarts: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true if the server may be restarted. */
  recordCrash(): boolean {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    return this.crashes.length <= this.maxRestarts;
  }

  /** Forget past crashes (after the user restarts the server by hand). */
  reset(): void {
    this.crashes = [];
  }
}
