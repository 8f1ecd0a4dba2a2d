import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';

export type WorkerBinary =
  | { ok: true; bin: string; version: string }
  | { ok: false; reason: string };

/** How to get a worker, said once for the start-up error and the test skip note. */
export const WORKER_HOWTO =
  'Build it where its sources can be downloaded (`npm rebuild mediasoup`, as the Dockerfile does) or point MEDIASOUP_WORKER_BIN at a built mediasoup-worker; otherwise choose MEDIA_BACKEND=p2p or livekit.';

/**
 * Finds mediasoup's C++ worker without loading it. mediasoup is an optional
 * dependency whose install compiles the worker from sources it downloads; where
 * that cannot happen (CI, these machines) the JS package is present but the
 * binary is not, and mediasoup would only fail later, when a worker spawns.
 * The lookup mirrors mediasoup's own: MEDIASOUP_WORKER_BIN, else
 * <package>/worker/out/Release/mediasoup-worker.
 */
export function findMediasoupWorker(workerBinSetting?: string): WorkerBinary {
  let pkgDir: string;
  let version: string;
  try {
    // The package's "exports" hide package.json: resolve its entry (node/lib/index.js) and walk up.
    pkgDir = path.resolve(
      path.dirname(require.resolve('mediasoup')),
      '..',
      '..',
    );
    version = (
      JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
  } catch {
    return {
      ok: false,
      reason: 'the optional dependency "mediasoup" is not installed.',
    };
  }
  const bin =
    workerBinSetting ??
    path.join(pkgDir, 'worker', 'out', 'Release', 'mediasoup-worker');
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    const where = workerBinSetting
      ? `MEDIASOUP_WORKER_BIN=${workerBinSetting}`
      : bin;
    return {
      ok: false,
      reason: `mediasoup ${version} is installed but its worker binary was not found or is not executable at ${where}.`,
    };
  }
  return { ok: true, bin, version };
}
