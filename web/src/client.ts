/**
 * The urql client: queries and mutations as POST with the CSRF header (never
 * GET), subscriptions over graphql-ws on the same origin, the token (if any)
 * on both.
 */
import { cacheExchange, Client, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient } from 'graphql-ws';
import { authHeaders } from './token';

/** A client for this page's origin; dispose() closes its socket. */
export function createApiClient(token: string | null): { client: Client; dispose(): void } {
  const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  const ws = createWsClient({
    url: wsUrl,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: true,
    retryAttempts: 5,
  });
  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: () => ({ headers: { 'x-graphql-yoga-csrf': '1', ...authHeaders(token) } }),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (req) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...req, query: req.query || '' }, sink) }),
        }),
      }),
    ],
  });
  return { client, dispose: () => void ws.dispose() };
}
