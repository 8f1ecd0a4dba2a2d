interface Services {
  pg: { stop(): void };
  redis: { stop(): Promise<void> };
}

export default async function globalTeardown(): Promise<void> {
  const s = (globalThis as { __paServices?: Services }).__paServices;
  if (!s) return;
  s.pg.stop();
  await s.redis.stop();
}
