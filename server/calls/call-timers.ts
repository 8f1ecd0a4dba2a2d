/**
 * Local, keyed one-shot timers for reconnection grace and empty-call ends.
 * They only make things prompt: the call service's sweeper finds whatever a
 * timer on a dead instance would have done, so losing them loses nothing.
 */
export class CallTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  /** (Re)schedules `key` to run `fn` at `at`; a pending timer with the same key is replaced. */
  schedule(key: string, at: Date, now: Date, fn: () => void): void {
    this.cancel(key);
    const t = setTimeout(
      () => {
        this.timers.delete(key);
        fn();
      },
      Math.max(0, at.getTime() - now.getTime()),
    );
    t.unref();
    this.timers.set(key, t);
  }

  cancel(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  /** Cancels every timer whose key starts with `prefix` (all of one call's). */
  cancelPrefix(prefix: string): void {
    for (const key of [...this.timers.keys()])
      if (key.startsWith(prefix)) this.cancel(key);
  }

  clear(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  get size(): number {
    return this.timers.size;
  }
}
