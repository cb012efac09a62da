/**
 * Yoga plugin: deny-by-default bearer auth. When the server requires tokens, every
 * HTTP request needs one, whatever its path's spelling (`/graphql/`, `//graphql`,
 * case, encodings), except the explicit public list below. See docs/security.md.
 */
import type { Plugin } from 'graphql-yoga';
import { tokenAllowed } from './auth.js';

/** What may be reached without a token; everything else needs one. */
export interface PublicRoutes {
  /** Exact paths answered without a token (they decide themselves what an anonymous caller sees). */
  paths: readonly string[];
  /** Path prefixes whose handlers carry their own authority (signed `/files/` links). */
  prefixes: readonly string[];
  /** The GraphQL endpoint whose GraphiQL page (a static HTML page, no data) is public. */
  graphiqlEndpoint: string | null;
}

/** True when the request is on the public list. */
export function isPublicRequest(request: Request, url: URL, routes: PublicRoutes): boolean {
  const path = url.pathname;
  if (routes.paths.includes(path)) return true;
  if (routes.prefixes.some((p) => path.startsWith(p))) return true;
  if (routes.graphiqlEndpoint && path === routes.graphiqlEndpoint && isGraphiqlPageRequest(request, url)) return true;
  return false;
}

/** A browser asking for the GraphiQL page: a GET for HTML with no operation in it. */
function isGraphiqlPageRequest(request: Request, url: URL): boolean {
  if (request.method !== 'GET') return false;
  if (!(request.headers.get('accept') ?? '').includes('text/html')) return false;
  for (const key of url.searchParams.keys()) {
    if (key !== 'tab') return false;
  }
  return true;
}

/** The 401 every refused request gets. */
export function unauthenticatedResponse(): Response {
  return new Response(
    JSON.stringify({
      errors: [{ message: 'Authorization: Bearer <token> is required (one of API_TOKENS)', extensions: { code: 'UNAUTHENTICATED' } }],
    }),
    { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } },
  );
}

/** Refuses every request outside the public list that carries no valid token, with 401. */
export function useBearerAuth(options: { required: boolean; tokens: readonly string[]; routes: PublicRoutes }): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (!options.required) return;
      if (tokenAllowed(request.headers.get('authorization'), options.tokens)) return;
      if (isPublicRequest(request, url, options.routes)) return;
      endResponse(unauthenticatedResponse());
    },
  };
}
