/**
 * Yoga plugin: CSRF prevention. A browser sends form, multipart and text/plain POSTs
 * cross-site without a preflight, so those run an operation only with the
 * `x-graphql-yoga-csrf` header (which a form cannot set). GET stays open for queries:
 * yoga refuses mutations over GET, and a cross-site page cannot read the answer.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/** The header a client sends with a multipart (upload) POST. */
export const CSRF_HEADER = 'x-graphql-yoga-csrf';

/** Yoga's CSRF prevention for every method but GET. */
export function useCsrfPrevention(): Plugin {
  const inner = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }) as Plugin;
  return {
    onRequestParse(payload) {
      if (payload.request.method === 'GET') return;
      return inner.onRequestParse?.(payload);
    },
  };
}
