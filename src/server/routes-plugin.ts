/** Yoga plugin: serves /healthz and the signed /files/ links next to /graphql. */
import type { Plugin } from 'graphql-yoga';
import type { HealthReport } from '../health.js';

/** Answers non-GraphQL paths before yoga looks at them. */
export function useRoutes(options: { health(): Promise<HealthReport>; files: ((req: Request) => Promise<Response | null>) | null }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname === '/healthz') {
        const report = await options.health();
        endResponse(
          new Response(JSON.stringify(report, null, 2), {
            status: report.ok ? 200 : 503,
            headers: { 'content-type': 'application/json' },
          }),
        );
        return;
      }
      if (options.files && url.pathname.startsWith('/files/')) {
        const response = await options.files(request);
        if (response) endResponse(response);
      }
    },
  };
}
