/**
 * Yoga plugin: CSRF prevention. A browser sends form, multipart and text/plain POSTs
 * cross-site without a preflight, so those run an operation only with the
 * `x-graphql-yoga-csrf` header (which a form cannot set). Only JSON and multipart
 * (uploads) POSTs run operations at all: a form-encoded or `application/graphql` body
 * gets 415. GET stays open for queries: yoga refuses mutations over GET, and a
 * cross-site page cannot read the answer.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { createGraphQLError, type Plugin } from 'graphql-yoga';

/** The header a client sends with a multipart (upload) POST. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** Yoga's CSRF prevention for every method but GET. */
export function useCsrfPrevention(): Plugin {
  const inner = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }) as Plugin;
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      const type = (payload.request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type && type !== 'application/json' && type !== 'multipart/form-data') {
        throw createGraphQLError(`a POST runs an operation only with Content-Type: application/json (or multipart/form-data for uploads, with the ${CSRF_HEADER} header); got ${type}`, {
          extensions: { http: { status: 415 }, code: 'UNSUPPORTED_MEDIA_TYPE' },
        });
      }
      return inner.onRequestParse?.(payload);
    },
  };
}
