/**
 * Yoga plugin: the review app's static files (built by `npm run build` into
 * `web/dist`). `/`, `/new` and `/batches/{id}` get the app's page (it routes in
 * the browser); `/assets/*` are the hashed bundles. Public: they hold no data.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';

/** Paths and prefixes the app answers without a token (added to the auth plugin's public list). */
export const WEB_APP_ROUTES = { paths: ['/', '/new', '/favicon.svg'], prefixes: ['/assets/', '/batches/'] } as const;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** True for the paths the browser-side router owns. */
export function isAppPage(pathname: string): boolean {
  return pathname === '/' || pathname === '/new' || /^\/batches\/[^/]+$/.test(pathname);
}

async function fileResponse(file: string, cache: string, method: string): Promise<Response | null> {
  try {
    const body = await fs.readFile(file);
    const headers = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': cache, 'x-content-type-options': 'nosniff' };
    return new Response(method === 'HEAD' ? null : body, { status: 200, headers });
  } catch {
    return null;
  }
}

/** Serves the built app from `dir`; a clear 503 when it has not been built. */
export function useWebApp(options: { dir: string }): Plugin {
  const root = path.resolve(options.dir);
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const p = url.pathname;
      if (isAppPage(p)) {
        const page = await fileResponse(path.join(root, 'index.html'), 'no-cache', request.method);
        endResponse(
          page ??
            new Response('The review app is not built: run `npm run build` (or `npm start`, which builds it).\n', {
              status: 503,
              headers: { 'content-type': 'text/plain; charset=utf-8' },
            }),
        );
        return;
      }
      if (p.startsWith('/assets/') || p === '/favicon.svg') {
        const file = path.resolve(root, `.${decodeURIComponent(p)}`);
        const inside = path.relative(root, file);
        const res = inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? await fileResponse(file, p === '/favicon.svg' ? 'no-cache' : 'public, max-age=31536000, immutable', request.method) : null;
        endResponse(res ?? new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } }));
      }
    },
  };
}
