/**
 * Promises cached per key for a short time: a read every hot path makes (program
 * settings, service statistics, a psychiatrist's name) goes to the database at
 * most once per `ttlMs`, and concurrent readers share one query. A failed load
 * is dropped at once so the next read retries.
 */
export class TtlCache<T> {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<T> }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = load();
    value.catch(() => this.entries.delete(key));
    this.set(key, value);
    return value;
  }

  /** Forgets a key: this instance just changed what it holds. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** A value this instance just wrote: seen here at once, by other instances within the TTL. */
  set(key: string, value: Promise<T>): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { at: Date.now(), value });
  }
}
