/**
 * Deliveries in the order they were scheduled (their times never decrease:
 * the link model keeps order). One timer for the head, so two datagrams due
 * in the same millisecond cannot swap places as separate timers could.
 */
export class DeliveryQueue {
  private readonly items: { at: number; run: () => void }[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  push(at: number, run: () => void): void {
    if (this.closed) return;
    this.items.push({ at, run });
    if (!this.timer) this.arm();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.items.length = 0;
  }

  private arm(): void {
    const next = this.items[this.head];
    if (!next) {
      this.items.length = 0;
      this.head = 0;
      return;
    }
    const wait = Math.max(0, next.at - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = null;
    const now = performance.now();
    while (
      this.head < this.items.length &&
      this.items[this.head]!.at <= now + 0.5
    ) {
      const item = this.items[this.head++]!;
      item.run();
    }
    if (this.head > 1024) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    if (!this.closed) this.arm();
  }
}
