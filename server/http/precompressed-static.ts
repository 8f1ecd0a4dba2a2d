import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';

/**
 * The built client, served the way a slow phone link needs it: brotli (or
 * gzip) files written next to each asset at build time
 * (client/vite.config.ts), chosen by Accept-Encoding, and hashed assets
 * cached for a year as immutable (a new build has new names). HTML is never
 * cached without a check, so a deploy reaches people at once.
 */

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The best precompressed twin the client accepts: br, then gzip. */
export function chooseEncoding(
  acceptEncoding: string | undefined,
  has: (ext: '.br' | '.gz') => boolean,
): 'br' | 'gzip' | null {
  const accepted = (acceptEncoding ?? '')
    .split(',')
    .map((s) => s.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name!.toLowerCase());
  if (accepted.includes('br') && has('.br')) return 'br';
  if (accepted.includes('gzip') && has('.gz')) return 'gzip';
  return null;
}

const isFile = (f: string) => existsSync(f) && statSync(f).isFile();

/** Sends one built file, compressed when possible, with its cache policy. */
export function sendBuilt(req: Request, res: Response, file: string): void {
  const cache = file.includes(`${path.sep}assets${path.sep}`)
    ? IMMUTABLE
    : REVALIDATE;
  const encoding = chooseEncoding(req.headers['accept-encoding'], (ext) =>
    isFile(file + ext),
  );
  res.setHeader('Cache-Control', cache);
  res.setHeader('Vary', 'Accept-Encoding');
  const type = TYPES[path.extname(file)];
  if (type) res.setHeader('Content-Type', type);
  if (encoding) {
    res.setHeader('Content-Encoding', encoding);
    res.sendFile(file + (encoding === 'br' ? '.br' : '.gz'));
    return;
  }
  res.sendFile(file);
}

/** GET/HEAD of a file under `dist`: served by `sendBuilt`; anything else passes on. */
export function precompressedStatic(dist: string): RequestHandler {
  const root = path.resolve(dist);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep) || !isFile(file)) return next();
    sendBuilt(req, res, file);
  };
}
