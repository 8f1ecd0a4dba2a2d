/** The listening half of a TypedEmitter: what an owner hands to others. */
export interface Observer<Events extends Record<string, unknown[]>> {
  /** Listens to `event`; the returned function stops listening. */
  on<K extends keyof Events>(
    event: K,
    listener: (...args: Events[K]) => void,
  ): () => void;
}

/**
 * The one style for domain events (consult transitions, call endings, media
 * events): typed by event name, `on` returns its own unsubscribe, and a
 * listener that throws is reported without stopping the others or the
 * owner that emitted.
 */
export class TypedEmitter<Events extends Record<string, unknown[]>>
  implements Observer<Events>
{
  private listeners: {
    [K in keyof Events]?: Set<(...args: Events[K]) => void>;
  } = {};

  constructor(
    private readonly onListenerError: (
      err: unknown,
      event: keyof Events,
      args: Events[keyof Events],
    ) => void = () => {},
  ) {}

  on<K extends keyof Events>(
    event: K,
    listener: (...args: Events[K]) => void,
  ): () => void {
    const set = (this.listeners[event] ??= new Set());
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /** Drops every listener (the owner is closing). */
  clear(): void {
    this.listeners = {};
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of [...(this.listeners[event] ?? [])]) {
      try {
        listener(...args);
      } catch (err) {
        this.onListenerError(err, event, args);
      }
    }
  }
}
