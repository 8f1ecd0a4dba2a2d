/**
 * Password checks (argon2id, ~50 ms of a core and 19 MB each) wait their
 * turn here: at most `maxConcurrent` at once in the process, and one at a
 * time per address, so a burst of sign-ins from one place cannot take every
 * core (and the thread pool) from everyone else's requests. An address with
 * `maxWaitingPerKey` checks already waiting is told it is busy instead of
 * queueing more.
 */
export class PasswordCheckQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** Per address: the tail of its chain and how many are in it. */
  private readonly chains = new Map<
    string,
    { tail: Promise<unknown>; n: number }
  >();

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxWaitingPerKey = 16,
  ) {}

  async run<T>(key: string, check: () => Promise<T>): Promise<T | 'busy'> {
    const chain = this.chains.get(key) ?? { tail: Promise.resolve(), n: 0 };
    if (chain.n >= this.maxWaitingPerKey) return 'busy';
    chain.n++;
    this.chains.set(key, chain);
    const mine = chain.tail.then(() => this.slot(check));
    chain.tail = mine.catch(() => undefined);
    try {
      return await mine;
    } finally {
      if (--chain.n === 0) this.chains.delete(key);
    }
  }

  private async slot<T>(check: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await check();
    } finally {
      // Hand the slot to the next waiter, or give it back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
