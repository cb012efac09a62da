/** Typed subscriptions over graphql-ws: iterates the typed `data` of a generated subscription document. */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { bearer, GraphQLRequestError, graphqlUrl, type Endpoint } from './request.js';

/** A lazy graphql-ws client for the endpoint; the token goes in `connectionParams`, as the server expects. */
export function connect(endpoint: Endpoint): Client {
  return createClient({
    url: graphqlUrl(endpoint.url, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: endpoint.token ? { authorization: bearer(endpoint.token) } : {},
    // A dropped connection is retried (graphql-ws resubscribes, and the first event is the current
    // state, so nothing is missed). graphql-ws would retry a refused token (4403) too: do not.
    retryAttempts: 3,
    shouldRetry: (event) => closeCode(event) !== FORBIDDEN,
  });
}

/** Yields each result's `data` until the server completes the stream; rejects on GraphQL or socket errors. */
export async function* subscribe<TResult, TVariables extends Record<string, unknown>>(
  client: Client,
  document: DocumentTypeDecoration<TResult, TVariables>,
  variables: TVariables,
): AsyncGenerator<TResult> {
  try {
    for await (const result of client.iterate<TResult>({ query: String(document), variables })) {
      if (result.errors?.length) throw new GraphQLRequestError(result.errors.map((e) => e.message).join('; '), null);
      if (result.data) yield result.data;
    }
  } catch (err) {
    throw err instanceof Error ? err : new GraphQLRequestError(describeClose(err), null);
  }
}

const FORBIDDEN = 4403;

function closeCode(event: unknown): number | null {
  return typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number' ? event.code : null;
}

/** graphql-ws rejects with the socket's CloseEvent (not an Error) when the server closes the connection. */
function describeClose(event: unknown): string {
  const code = closeCode(event);
  if (code !== null) {
    const reason = typeof event === 'object' && event !== null && 'reason' in event && typeof event.reason === 'string' ? event.reason : '';
    return `WebSocket closed with ${code}${reason ? `: ${reason}` : ''}`;
  }
  return `WebSocket error: ${String(event)}`;
}
