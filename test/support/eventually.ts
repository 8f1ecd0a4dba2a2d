/** Waits until fn() is truthy, polling (for state that has no event of its own, e.g. database rows). */
export async function eventually<T>(
  fn: () => Promise<T> | T,
  timeoutMs = 5000,
  label = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
