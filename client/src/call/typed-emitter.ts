type Handler = (...args: any[]) => void;

/** A minimal typed event emitter (browser-safe, no Node `events`). */
export class TypedEmitter<Events extends Record<string, unknown[]>> {
  private readonly handlers = new Map<keyof Events, Set<Handler>>();

  on<K extends keyof Events>(
    event: K,
    handler: (...args: Events[K]) => void,
  ): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as Handler);
    return () => this.off(event, handler);
  }

  off<K extends keyof Events>(
    event: K,
    handler: (...args: Events[K]) => void,
  ): void {
    this.handlers.get(event)?.delete(handler as Handler);
  }

  /** Drops every listener (an owner discarding this emitter). */
  removeAllListeners(): void {
    this.handlers.clear();
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const h of [...(this.handlers.get(event) ?? [])]) {
      try {
        h(...args);
      } catch (err) {
        // A listener's bug must not break the call.
        console.error(`call engine listener for "${String(event)}" threw`, err);
      }
    }
  }
}
