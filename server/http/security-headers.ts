import type { Config } from '../config';

/**
 * Headers every response carries. The CSP allows no inline script and no
 * other origin's script: the built client is files under /assets. Sockets and
 * fetches go to this origin (and to LiveKit when it is the media backend);
 * media streams are blobs. Camera and microphone are for this origin only.
 */
export function securityHeaders(
  config: Pick<Config, 'PUBLIC_URL' | 'LIVEKIT_URL'>,
): Record<string, string> {
  const connect = ["'self'"];
  if (config.LIVEKIT_URL) {
    const lk = new URL(config.LIVEKIT_URL);
    connect.push(lk.origin);
    // livekit-client speaks WebSocket to the same host.
    if (lk.protocol.startsWith('http'))
      connect.push(lk.origin.replace(/^http/, 'ws'));
  }
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // React sets style properties through the DOM, which style-src allows; no inline <style> is needed.
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const headers: Record<string, string> = {
    'Content-Security-Policy': csp,
    'Permissions-Policy':
      'camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=(), interest-cohort=()',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
  if (config.PUBLIC_URL?.startsWith('https:'))
    headers['Strict-Transport-Security'] =
      'max-age=31536000; includeSubDomains';
  return headers;
}
