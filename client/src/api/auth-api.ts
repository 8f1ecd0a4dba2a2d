import { api, endSession } from './api-client';
import { errorFromReply, networkError } from './error-sentences';
import { sessionStore, type SignedInUser, type Tokens } from './session-store';

export async function signIn(
  email: string,
  password: string,
): Promise<SignedInUser> {
  let res: Response;
  try {
    res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw networkError();
  }
  const body = await res.json().catch(() => null);
  if (!res.ok) throw errorFromReply(res.status, body);
  const { user, tokens } = body as { user: SignedInUser; tokens: Tokens };
  sessionStore.set({ user, tokens });
  return user;
}

export async function signOut(): Promise<void> {
  // The server closes our sockets and revokes the refresh token; sign out locally even if it is unreachable.
  await api.post('/api/auth/logout').catch(() => undefined);
  endSession(null);
}
