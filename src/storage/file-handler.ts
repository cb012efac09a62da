/**
 * Serves local storage objects at `GET/HEAD /files/<key>?expires&signature`
 * as a fetch-API handler the app mounts in front of yoga. Streams the file
 * (never buffers it) and honours single byte ranges, so video players can seek.
 */
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { resolveObjectPath } from './local-storage.js';
import { FILES_PATH_PREFIX, verifyLink } from './signed-links.js';

/** Options for {@link createFileHandler}. */
export interface FileHandlerOptions {
  /** The local storage root (the same one `createLocalStorage` writes to). */
  root: string;
  secret: string;
  now?: () => Date;
}

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content type by file extension. */
export function contentTypeFor(key: string): string {
  return CONTENT_TYPES[path.extname(key).toLowerCase()] ?? 'application/octet-stream';
}

/** A byte range to serve, or 'unsatisfiable', or null for the whole file. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: RFC 9110 lets us ignore the header and send it all.
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}

function plain(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers } });
}

/**
 * Builds the handler; it returns null for requests outside `/files/` so the app falls through.
 * Long because the request checks (path, signature, range) read best in order in one handler.
 */
export function createFileHandler(options: FileHandlerOptions): (req: Request) => Promise<Response | null> {
  const now = options.now ?? (() => new Date());
  return async (req) => {
    const url = new URL(req.url);
    if (!url.pathname.startsWith(FILES_PATH_PREFIX)) return null;
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(405, 'method not allowed', { Allow: 'GET, HEAD' });

    let key: string;
    try {
      key = url.pathname.slice(FILES_PATH_PREFIX.length).split('/').map(decodeURIComponent).join('/');
    } catch {
      return plain(400, 'bad path');
    }
    const check = verifyLink(
      options.secret,
      key,
      url.searchParams.get('expires'),
      url.searchParams.get('signature'),
      Math.floor(now().getTime() / 1000),
    );
    if (check === 'expired') return plain(403, 'link expired');
    if (check !== 'ok') return plain(403, 'invalid signature');

    let file: string;
    try {
      file = resolveObjectPath(options.root, key);
    } catch {
      return plain(404, 'not found');
    }
    // Never through a symlink: not as the last component (O_NOFOLLOW), not as a folder on the way
    // (the real path must be the path itself); O_NONBLOCK so a FIFO cannot hang the open.
    // Open first, then stat the handle: what we measure is what we stream.
    let handle: fs.FileHandle;
    try {
      const expected = path.join(await fs.realpath(options.root), path.relative(path.resolve(options.root), file));
      handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
      if ((await fs.realpath(file)) !== expected) {
        await handle.close();
        return plain(404, 'not found');
      }
    } catch {
      return plain(404, 'not found');
    }
    let keepOpen = false;
    try {
      const st = await handle.stat();
      if (!st.isFile()) return plain(404, 'not found');
      const headers: Record<string, string> = {
        'Content-Type': contentTypeFor(key),
        'Accept-Ranges': 'bytes',
        'Last-Modified': st.mtime.toUTCString(),
        'Cache-Control': 'private, max-age=0',
      };
      const range = parseRange(req.headers.get('range'), st.size);
      if (range === 'unsatisfiable') return plain(416, 'range not satisfiable', { 'Content-Range': `bytes */${st.size}` });
      const start = range?.start ?? 0;
      const end = range?.end ?? st.size - 1;
      const length = Math.max(0, end - start + 1);
      headers['Content-Length'] = String(length);
      if (range) headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
      const status = range ? 206 : 200;
      if (req.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
      // The stream owns the handle from here and closes it on end, error or cancel.
      const stream = handle.createReadStream({ start, end });
      keepOpen = true;
      return new Response(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, { status, headers });
    } finally {
      if (!keepOpen) await handle.close();
    }
  };
}
