/** Yoga plugin: serves /healthz and the signed /files/ links next to /graphql. */
import type { Plugin } from 'graphql-yoga';
import type { HealthReport } from '../health.js';

/** Answers non-GraphQL paths before yoga looks at them. */
export function useRoutes(options: {
  health(): Promise<HealthReport>;
  files: ((req: Request) => Promise<Response | null>) | null;
  /** True when the request may see the health details (it carries a token, or none is required). */
  authorized(req: Request): boolean;
}): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname === '/healthz') {
        const report = await options.health();
        // Anonymous callers learn only that the process is alive: versions, paths and
        // upstream error text are for operators with a token.
        const body = options.authorized(request) ? report : { ok: report.ok };
        endResponse(
          new Response(JSON.stringify(body, null, 2), {
            status: report.ok ? 200 : 503,
            headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
          }),
        );
        return;
      }
      if (url.pathname.startsWith('/files/')) {
        // Signed links carry their own authority; anything the handler does not serve is a 404 here,
        // never a fall-through to the GraphQL endpoint.
        const response = options.files ? await options.files(request) : null;
        endResponse(response ?? new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
      }
    },
  };
}
