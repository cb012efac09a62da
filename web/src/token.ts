/** The API token, kept for this tab only (sessionStorage): closing the tab forgets it. */
const KEY = 'autoclip.token';

/** The token typed in this tab, or null. */
export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

/** Remembers (or, with null, forgets) the token for this tab. */
export function writeToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token);
  else sessionStorage.removeItem(KEY);
}

/** The Authorization header for a token. */
export function authHeaders(token: string | null): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Asks the server whether it needs a token (or whether this one is refused): true when it answers 401. */
export async function needsToken(token: string | null): Promise<boolean> {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-graphql-yoga-csrf': '1', ...authHeaders(token) },
    body: JSON.stringify({ query: 'query Ping { __typename }' }),
  });
  return res.status === 401;
}
