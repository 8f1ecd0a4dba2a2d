import type { Logger } from '../../logger';
import { AUDIO_ONLY_CODECS, VIDEO_CALL_CODECS } from './router-codecs';
import type { PlacedRouter, WorkerPool } from './worker-pool';

/** A router for the call on a live worker, with the codecs its kind needs. */
export function placeCallRouter(
  pool: WorkerPool,
  callId: string,
  audioOnly: boolean,
  workerWaitMs: number | undefined,
): Promise<PlacedRouter> {
  const codecs = audioOnly ? AUDIO_ONLY_CODECS : VIDEO_CALL_CODECS;
  return pool.createRouter(codecs, { callId }, workerWaitMs);
}

/**
 * After a worker died: `place` again until it works, waiting for a worker to
 * respawn between tries. False when the room closed meanwhile.
 */
export async function placeAgainUntilLive(
  pool: WorkerPool,
  place: () => Promise<void>,
  isClosed: () => boolean,
  logger: Logger,
  callId: string,
): Promise<boolean> {
  for (;;) {
    try {
      await place();
      return true;
    } catch (err) {
      if (isClosed()) return false;
      logger.warn(
        { callId, err: err instanceof Error ? err.message : String(err) },
        'no live mediasoup worker yet; retrying',
      );
      await new Promise<void>((resolve) =>
        pool.once('workerrespawned', () => resolve()),
      );
    }
  }
}
