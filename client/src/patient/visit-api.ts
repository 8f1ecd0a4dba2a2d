import type { VisitorState } from '../../../signaling/protocol/visit-events';

/** The patient page's calls to /api/visit/*, with the visit token as bearer. */
export class VisitApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export interface ConsentText {
  kind: string;
  version: string;
  language: 'en' | 'es';
  title: string;
  body: string;
  sha256: string;
}

async function call<T>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new VisitApiError(0, 'network', 'No connection.');
  }
  const data = res.headers.get('content-type')?.includes('json')
    ? await res.json()
    : null;
  if (!res.ok)
    throw new VisitApiError(
      res.status,
      data?.error?.code ?? 'error',
      data?.error?.message ?? res.statusText,
      data?.error?.details,
    );
  return data as T;
}

export const visitApi = {
  exchange: (inviteToken: string) =>
    call<{ visitToken: string; expiresAt: string; state: VisitorState }>(
      'POST',
      '/api/visit/exchange',
      null,
      { token: inviteToken },
    ),
  me: (token: string) => call<VisitorState>('GET', '/api/visit/me', token),
  consentTexts: (token: string, language: 'en' | 'es') =>
    call<{ texts: ConsentText[] }>(
      'GET',
      `/api/visit/consent-texts?language=${language}`,
      token,
    ),
  identity: (
    token: string,
    claim: { role: string } & Record<string, string | undefined>,
  ) => call<VisitorState>('POST', '/api/visit/identity', token, claim),
  consent: (
    token: string,
    body: {
      language: 'en' | 'es';
      signerName: string;
      signerRelationship?: string;
      consents: { kind: string; version: string; sha256: string }[];
    },
  ) => call<VisitorState>('POST', '/api/visit/consent', token, body),
  enterWaitingRoom: (token: string, audioOnly: boolean) =>
    call<VisitorState>('POST', '/api/visit/waiting-room', token, { audioOnly }),
  /** Where the patient is for the visit: the billing line's place of service (confirmed by the clinician). */
  reportLocation: (token: string, location: 'home' | 'elsewhere') =>
    call<{ location: string }>('POST', '/api/visit/location', token, {
      location,
    }),
};
