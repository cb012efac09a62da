/**
 * Yoga plugin: resumable browser uploads with the tus protocol on `/uploads/`,
 * streamed to disk under `DATA_DIR/uploads` and capped in size. The upload id
 * (the last segment of the upload's URL) is then a LOCAL source's `path`.
 * Behind the bearer auth like every non-public path. How long uploads are kept
 * is sources/upload-sweeper.ts's business.
 */
import crypto from 'node:crypto';
import { FileStore } from '@tus/file-store';
import { Server } from '@tus/server';
import type { Plugin } from 'graphql-yoga';

/** The path uploads are created under. */
export const UPLOADS_PATH = '/uploads';

/** `<32 hex>-<the file's name, made safe>`: unguessable, and people can still tell their uploads apart. */
export function uploadId(filename: string | null | undefined): string {
  const safe = (filename ?? '').normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(-80);
  const random = crypto.randomBytes(16).toString('hex');
  return safe ? `${random}-${safe}` : random;
}

/**
 * The same request with a native body stream: yoga hands plugins its own
 * ReadableStream ponyfill, which @tus/server's web handler refuses. The body
 * is passed through chunk by chunk, never buffered.
 */
function nativeRequest(request: Request): Request {
  const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers: request.headers };
  if (request.body) {
    const reader = request.body.getReader();
    init.body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
    init.duplex = 'half';
  }
  return new Request(request.url, init);
}

/** Serves tus on `/uploads` and `/uploads/*`; the tus server is made on the first upload. */
export function useUploads(options: { dir: string; maxBytes: number; ttlSeconds?: number }): Plugin {
  let tus: Server | null = null;
  const server = () =>
    (tus ??= new Server({
      path: UPLOADS_PATH,
      // The expiration tells clients (Upload-Expires) how long an upload waits to be used;
      // sources/upload-sweeper.ts removes it then unless a batch uses it.
      datastore: new FileStore({ directory: options.dir, expirationPeriodInMilliseconds: (options.ttlSeconds ?? 0) * 1000 }),
      maxSize: options.maxBytes,
      relativeLocation: true,
      namingFunction: (_req, metadata) => uploadId(metadata?.filename),
      // Ids may hold non-ASCII file names; a Location header may not.
      generateUrl: (_req, { path, id }) => `${path}/${encodeURIComponent(id)}`,
      respectForwardedHeaders: false,
    }));
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== UPLOADS_PATH && !url.pathname.startsWith(`${UPLOADS_PATH}/`)) return;
      endResponse(await server().handleWeb(nativeRequest(request)));
    },
  };
}
