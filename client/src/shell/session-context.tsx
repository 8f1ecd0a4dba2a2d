import {
  createContext,
  useContext,
  useEffect,
  useState,
  type ReactNode,
} from 'react';
import { sessionStore, type SignedInUser } from '../api/session-store';

const SessionContext = createContext<SignedInUser | null>(null);

/** The signed-in user, following sign-in, sign-out and session end from any tab code path. */
export function useSessionUser(): SignedInUser | null {
  const [user, setUser] = useState(() => sessionStore.get()?.user ?? null);
  useEffect(() => sessionStore.subscribe((s) => setUser(s?.user ?? null)), []);
  return user;
}

export function SessionUserProvider({
  user,
  children,
}: {
  user: SignedInUser;
  children: ReactNode;
}) {
  return (
    <SessionContext.Provider value={user}>{children}</SessionContext.Provider>
  );
}

export function useUser(): SignedInUser {
  const u = useContext(SessionContext);
  if (!u) throw new Error('useUser outside a signed-in screen');
  return u;
}
