/**
 * The invite token arrives in the link's fragment (#t=...) or, from some
 * texting apps that drop fragments, its query (?t=...). It is read once and
 * wiped from the address bar (history, screenshots, a shared screen), and
 * kept in this tab's sessionStorage only until it is exchanged.
 */
const INVITE_KEY = 'visit.invite';
const VISIT_TOKEN_KEY = 'visit.token';

export function takeInviteToken(): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get(
    't',
  );
  const fromQuery = new URLSearchParams(location.search).get('t');
  const token = fromHash ?? fromQuery;
  if (token) {
    sessionStorage.setItem(INVITE_KEY, token);
    history.replaceState(null, '', location.pathname);
  }
  return token ?? sessionStorage.getItem(INVITE_KEY);
}

export function forgetInviteToken(): void {
  sessionStorage.removeItem(INVITE_KEY);
}

/** The visit token survives a reload of this tab (the invite itself is single use). */
export const visitTokenStore = {
  get: () => sessionStorage.getItem(VISIT_TOKEN_KEY),
  set: (t: string) => sessionStorage.setItem(VISIT_TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(VISIT_TOKEN_KEY),
};
