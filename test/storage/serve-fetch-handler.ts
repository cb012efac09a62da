/** Test helper: serves a fetch-API handler over a real node:http server on 127.0.0.1. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** A running server; `baseUrl` has no trailing slash. */
export interface ServedHandler {
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `handler`; a null answer becomes 404 "fell through" (the app would hand it to yoga). */
export async function serveFetchHandler(handler: (req: Request) => Promise<Response | null>): Promise<ServedHandler> {
  const server = http.createServer(async (req, res) => {
    try {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers });
      const response = (await handler(request)) ?? new Response('fell through', { status: 404 });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (!response.body) return void res.end();
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream).pipe(res);
    } catch (err) {
      res.writeHead(500);
      res.end(String(err));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
