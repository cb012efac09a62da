/**
 * Accepts `PUT /files/<key>?upload=1&expires&max&signature`: a signed upload
 * link names one key, an expiry and a size cap, so a worker can return a job's
 * output without any other credential. The body is streamed to a temp file
 * inside the storage root and renamed over the key only when complete.
 */
import crypto from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolveObjectPath } from './local-storage.js';
import { verifyUploadLink } from './signed-links.js';

/** Where half-written uploads live (the same reserved folder `putFile` uses). */
const UPLOADS_DIR = '.uploads';

class TooLarge extends Error {}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Handles one upload for `key` (already decoded from the path); answers 201, 403, 404, 411 or 413. */
export async function handleUpload(
  req: Request,
  key: string,
  options: { root: string; secret: string; nowUnix: number },
): Promise<Response> {
  const url = new URL(req.url);
  const verdict = verifyUploadLink(options.secret, key, url.searchParams, options.nowUnix);
  if (verdict.check === 'expired') return plain(403, 'link expired');
  if (verdict.check !== 'ok') return plain(403, 'invalid signature');
  let target: string;
  try {
    target = resolveObjectPath(options.root, key);
  } catch {
    return plain(404, 'not found');
  }
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > verdict.maxBytes) return plain(413, `larger than the link's ${verdict.maxBytes} bytes`);
  if (!req.body && declared === null) return plain(411, 'length required');

  const uploads = path.join(path.resolve(options.root), UPLOADS_DIR);
  await fs.mkdir(uploads, { recursive: true });
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(uploads, `${crypto.randomUUID()}.part`);
  let received = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      done(received > verdict.maxBytes ? new TooLarge() : null, chunk);
    },
  });
  try {
    // Yoga's request body is a ponyfill stream: read it as an async iterable, not through Readable.fromWeb.
    const body = Readable.from(req.body ? (req.body as unknown as AsyncIterable<Uint8Array>) : []);
    await pipeline(body, cap, createWriteStream(tmp, { mode: 0o640 }));
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    if (err instanceof TooLarge) return plain(413, `larger than the link's ${verdict.maxBytes} bytes`);
    return plain(400, 'upload interrupted');
  }
  return new Response(null, { status: 201 });
}
