import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { ChunkSource } from './route';

type Sink = Writable | ServerResponse;

/** Resolves true on 'drain', false if the sink closes first (the client went away); rejects on 'error'. */
function drained(out: Sink): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const done = () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
    };
    const onDrain = () => {
      done();
      resolve(true);
    };
    const onClose = () => {
      done();
      resolve(false);
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

/**
 * Writes chunks to a response (or any writable) no faster than it takes them:
 * when write() says the buffer is full, the next chunk is made only after
 * 'drain', so a slow client never makes the whole body pile up in memory.
 * Does not end the sink. Returns false if it closed before everything was written.
 */
export async function writeChunks(
  out: Sink,
  chunks: ChunkSource,
): Promise<boolean> {
  for await (const chunk of chunks) {
    if (out.destroyed) return false;
    if (!out.write(chunk) && (out.destroyed || !(await drained(out))))
      return false;
  }
  return !out.destroyed;
}
