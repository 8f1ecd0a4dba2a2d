import type { Logger } from './logger';

/** Something start-up opened, and how to close it. */
export type Closer = () => Promise<void>;

/**
 * Closes what was opened, newest first (a later piece may use an earlier
 * one), going on past a closer that fails: that one is logged, the rest
 * still close. The list itself is left as it was.
 */
export async function closeNewestFirst(
  closers: readonly Closer[],
  logger: Pick<Logger, 'error'>,
): Promise<void> {
  for (const close of [...closers].reverse())
    await close().catch((err: unknown) =>
      logger.error({ err }, 'close failed'),
    );
}
