import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const f = path.join(dir, name);
    if (statSync(f).isDirectory()) yield* files(f);
    else yield f;
  }
}

/**
 * Writes a brotli (.br) and a gzip (.gz) twin of every text asset once the
 * bundle is written, at maximum quality: the server picks one per request
 * (server/http/precompressed-static.ts) and never compresses on the fly.
 */
export function precompress(outDir: string): Plugin {
  return {
    name: 'precompress',
    apply: 'build',
    closeBundle() {
      for (const f of files(outDir)) {
        if (!COMPRESSIBLE.test(f)) continue;
        const raw = readFileSync(f);
        writeFileSync(
          `${f}.br`,
          brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
        );
        writeFileSync(`${f}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}
