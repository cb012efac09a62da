/**
 * Yoga plugin: CSRF prevention. A browser sends form, multipart and text/plain POSTs
 * cross-site without a preflight, so those run an operation only with the
 * `x-graphql-yoga-csrf` header (which a form cannot set). Only JSON and multipart
 * (uploads) POSTs run operations at all: a form-encoded or `application/graphql` body
 * gets 415. GET stays open for queries (yoga refuses mutations over GET), but not
 * for a browser's cross-site request without CORS: some queries do work (a thumbnail
 * strip runs ffmpeg), and an `<img>` on another site must not make the server do it.
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
      if (payload.request.method === 'GET') return refuseCrossSiteGet(payload.request.headers);
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

/**
 * A browser marks where a request comes from (`Sec-Fetch-Site`, which a page cannot
 * set). A cross-site (or same-site, other-origin) GET without an `Origin` header is
 * an image, a link or a form, not a CORS call from an allowed origin (those carry
 * `Origin`, checked by the gate): it runs nothing.
 */
function refuseCrossSiteGet(headers: Headers): void {
  const site = headers.get('sec-fetch-site');
  if ((site === 'cross-site' || site === 'same-site') && !headers.has('origin')) {
    throw createGraphQLError('a GET from another site runs no operation: call from this origin, or from an origin in CORS_ORIGINS with fetch', {
      extensions: { http: { status: 403 }, code: 'FORBIDDEN_ORIGIN' },
    });
  }
}
