import type { MediasoupModule } from './mediasoup-api';

/**
 * Loads the optional mediasoup package at run time. The specifier is a
 * variable so the compiler never resolves the package: the build and the
 * tests must pass on machines where npm dropped it (see mediasoup-api.ts).
 * Callers check for the worker binary first (findMediasoupWorker), which also
 * reports a missing package with a sentence.
 */
export async function loadMediasoup(): Promise<MediasoupModule> {
  const specifier = 'mediasoup';
  const loaded: unknown = await import(specifier);
  return loaded as MediasoupModule;
}
