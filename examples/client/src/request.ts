/** Typed GraphQL over HTTP: POSTs a generated document and returns its typed `data`. */
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** Where the server is and the API token, if it wants one. */
export interface Endpoint {
  /** The server's base URL, like `http://127.0.0.1:4000` (a trailing `/graphql` is fine too). */
  url: string;
  token?: string | undefined;
}

/** The server refused the request itself (HTTP status, auth, a malformed or masked operation). */
export class GraphQLRequestError extends Error {
  override name = 'GraphQLRequestError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** `{url}/graphql` over http(s), or over ws(s) for subscriptions. */
export function graphqlUrl(base: string, protocol: 'http' | 'ws' = 'http'): string {
  const url = new URL(base);
  if (!url.pathname.endsWith('/graphql')) url.pathname = url.pathname.replace(/\/*$/, '/graphql');
  if (protocol === 'ws') url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** The `authorization` header value for a token. */
export function bearer(token: string): string {
  return `Bearer ${token}`;
}

interface ResponseBody<TResult> {
  data?: TResult | null;
  errors?: { message: string }[];
}

/** Sends `document` with `variables`; resolves to its typed `data`, rejects with GraphQLRequestError otherwise. */
export async function request<TResult, TVariables>(
  endpoint: Endpoint,
  document: DocumentTypeDecoration<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (endpoint.token) headers.authorization = bearer(endpoint.token);
  const url = graphqlUrl(endpoint.url);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers,
      // A generated TypedDocumentString is the operation text itself.
      body: JSON.stringify({ query: String(document), variables }),
    });
  } catch (err) {
    // fetch says only "fetch failed"; the reason (ECONNREFUSED, DNS, TLS) is in `cause`.
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err);
    throw new GraphQLRequestError(`cannot reach ${url}: ${cause}`, null);
  }
  const text = await res.text();
  let body: ResponseBody<TResult>;
  try {
    body = JSON.parse(text) as ResponseBody<TResult>;
  } catch {
    throw new GraphQLRequestError(`HTTP ${res.status}: ${text.slice(0, 200) || res.statusText}`, res.status);
  }
  if (body.errors?.length) {
    const messages = body.errors.map((e) => e.message).join('; ');
    throw new GraphQLRequestError(res.ok ? messages : `HTTP ${res.status}: ${messages}`, res.status);
  }
  if (!res.ok || body.data == null) throw new GraphQLRequestError(`HTTP ${res.status}: no data`, res.status);
  return body.data;
}
