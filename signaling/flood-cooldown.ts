/**
 * Sessions (or visitors) recently disconnected for flooding, refused a new
 * socket until their time is up, so reconnecting is no way around the flood
 * guard. In memory, per instance: a flooder moved to another instance by the
 * load balancer starts that instance's guard afresh. Time is passed in.
 */
export class FloodCooldown {
  private readonly until = new Map<string, number>();

  constructor(private readonly ms: number) {}

  add(key: string, now: number): void {
    this.until.set(key, now + this.ms);
    // Bounded by the number of floods in one cooldown: prune the expired.
    for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
  }

  has(key: string, now: number): boolean {
    const t = this.until.get(key);
    return t !== undefined && t > now;
  }
}
