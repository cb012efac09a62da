/** Yoga plugin: HTTP GraphQL requests need a valid bearer token when the server requires one. */
import type { Plugin } from 'graphql-yoga';
import { tokenAllowed } from './auth.js';

/** Refuses unauthenticated GraphQL requests with 401; the GraphiQL page itself stays reachable. */
export function useBearerAuth(options: { required: boolean; tokens: readonly string[]; endpoint: string }): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (!options.required || url.pathname !== options.endpoint) return;
      const wantsPage = request.method === 'GET' && (request.headers.get('accept') ?? '').includes('text/html');
      if (wantsPage) return;
      if (tokenAllowed(request.headers.get('authorization'), options.tokens)) return;
      endResponse(
        new Response(
          JSON.stringify({ errors: [{ message: 'Authorization: Bearer <token> is required (one of API_TOKENS)', extensions: { code: 'UNAUTHENTICATED' } }] }),
          { status: 401, headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' } },
        ),
      );
    },
  };
}
