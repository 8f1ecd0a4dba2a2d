import type { RefreshReply } from '../../../signaling/protocol/rest/auth';
import { ApiError } from './api-error';
import { errorFromReply, networkError } from './error-sentences';
import { sessionStore } from './session-store';

export type Query = Record<
  string,
  string | number | boolean | undefined | null
>;

/** Refresh this long before the access token expires, so a request never races its expiry. */
const REFRESH_MARGIN_MS = 60_000;

let refreshing: Promise<boolean> | null = null;
let endedMessage: string | null = null;

/** Why the last session ended (shown on the sign-in page), consumed once. */
export function takeSessionEndedMessage(): string | null {
  const m = endedMessage;
  endedMessage = null;
  return m;
}

export function endSession(message: string | null): void {
  endedMessage = message;
  sessionStore.set(null);
}

/**
 * Exchanges the refresh token for a new pair. Single flight: concurrent callers
 * share one exchange, because a refresh token is single use and presenting it
 * twice would end the session.
 */
export function refreshTokens(): Promise<boolean> {
  refreshing ??= (async () => {
    const s = sessionStore.get();
    if (!s) return false;
    try {
      const res = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: s.tokens.refreshToken }),
      });
      if (!res.ok) {
        endSession('Your session has ended. Please sign in again.');
        return false;
      }
      const body = (await res.json()) as RefreshReply;
      sessionStore.setTokens(body.tokens);
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** A current access token, refreshed first when it is about to expire. */
export async function accessToken(): Promise<string | null> {
  const s = sessionStore.get();
  if (!s) return null;
  if (
    Date.parse(s.tokens.accessTokenExpiresAt) - Date.now() <
    REFRESH_MARGIN_MS
  )
    await refreshTokens();
  return sessionStore.get()?.tokens.accessToken ?? null;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

interface RequestOptions {
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  /** Return the raw Response (downloads). */
  raw?: boolean;
  /** A multipart body (file upload): sent as is, the browser sets its type. */
  form?: FormData;
}

async function send(
  method: string,
  path: string,
  o: RequestOptions,
  retried = false,
): Promise<Response> {
  const token = await accessToken();
  let res: Response;
  try {
    res = await fetch(withQuery(path, o.query), {
      method,
      headers: {
        ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...o.headers,
      },
      body:
        o.form ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
  } catch {
    throw networkError();
  }
  // An access token can be refused before its clock expiry (server restart, clock skew): refresh once and retry.
  if (res.status === 401 && token && !retried && (await refreshTokens()))
    return send(method, path, o, true);
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    const err = errorFromReply(res.status, body);
    if (res.status === 401 && token) endSession(err.message);
    throw err;
  }
  return res;
}

async function request<T>(
  method: string,
  path: string,
  o: RequestOptions = {},
): Promise<T> {
  const res = await send(method, path, o);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** Typed JSON calls to our API, with token refresh and clinician-readable errors. */
export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>('POST', path, { body: body ?? {}, headers }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body: unknown) =>
    request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** Posts a multipart form (one file upload). */
  upload: <T>(path: string, form: FormData) =>
    request<T>('POST', path, { form }),
  /** Fetches a file (CSV, JSON export) with the token and hands it to the browser as a download. */
  async download(
    path: string,
    query: Query | undefined,
    filename: string,
  ): Promise<void> {
    const res = await send('GET', path, { query });
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};

export { ApiError };
