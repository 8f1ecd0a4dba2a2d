/** Server time. Domain code takes `now` as an argument; adapters read it from here. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
