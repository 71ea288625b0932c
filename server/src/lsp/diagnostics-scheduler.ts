// When a changed document is analysed again: after the user's quiet period
// (incus.diagnosticsDelayMs), and only once every change already received has been applied.
// vscode-jsonrpc hands the server one message per event-loop turn (a setImmediate each), so a
// timer alone can fire between two buffered didChange notifications — after a slow analysis,
// every keystroke typed meanwhile would be analysed in turn, each result already stale. The
// timer therefore ends in a setImmediate, queued behind the message loop's: a change still
// waiting in the queue is applied first and cancels this run (its own is scheduled instead).
export class DiagnosticsScheduler {
  private readonly pending = new Map<string, { timer?: NodeJS.Timeout; immediate?: NodeJS.Immediate }>();

  /** Runs `run` for `uri` after `delayMs` unless schedule or cancel is called again first. */
  schedule(uri: string, delayMs: number, run: () => void): void {
    this.cancel(uri);
    const p: { timer?: NodeJS.Timeout; immediate?: NodeJS.Immediate } = {};
    p.timer = setTimeout(() => {
      p.timer = undefined;
      p.immediate = setImmediate(() => {
        if (this.pending.get(uri) === p) this.pending.delete(uri);
        run();
      });
    }, delayMs);
    this.pending.set(uri, p);
  }

  cancel(uri: string): void {
    const p = this.pending.get(uri);
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    if (p.immediate) clearImmediate(p.immediate);
    this.pending.delete(uri);
  }
}
