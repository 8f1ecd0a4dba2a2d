import type { User } from '../../../signaling/protocol/identities';

export interface Tokens {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

/** The user as /api/auth/login returns it (the server's own type). */
export type SignedInUser = User;

export interface StoredSession {
  user: SignedInUser;
  tokens: Tokens;
}

// Per tab (sessionStorage): closing the tab ends the session on a shared clinic computer,
// and two tabs can be two different clinicians.
const KEY = 'psych-access.session';

type Listener = (s: StoredSession | null) => void;
const listeners = new Set<Listener>();
let current: StoredSession | null = read();

function read(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

export const sessionStore = {
  get: (): StoredSession | null => current,
  set(next: StoredSession | null): void {
    current = next;
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
    for (const l of listeners) l(next);
  },
  setTokens(tokens: Tokens): void {
    if (current) this.set({ ...current, tokens });
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};
