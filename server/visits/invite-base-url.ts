import type { Config } from '../config';
import { AppError } from '../errors';

/**
 * Where invite links point: PUBLIC_URL, never the request's Host header (a
 * forged Host would send a patient's link, token and all, to another site).
 * In development and tests without PUBLIC_URL, the address this server
 * listens on; in production without it, no link is minted.
 */
export function inviteBaseUrl(
  config: Pick<Config, 'PUBLIC_URL' | 'NODE_ENV'>,
  listeningUrl: string | undefined,
): string {
  const base =
    config.PUBLIC_URL ??
    (config.NODE_ENV === 'production' ? undefined : listeningUrl);
  if (!base)
    throw new AppError(
      'unavailable',
      'public_url_missing',
      'Visit links cannot be made: the server has no PUBLIC_URL. Ask an administrator to set it.',
    );
  return base.replace(/\/$/, '');
}
