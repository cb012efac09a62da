/** A worker's downloads and uploads through signed links, streamed, with byte counts. */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** A transfer that failed; BullMQ retries the job (the link may have met a restarting server). */
export class TransferError extends Error {
  override name = 'TransferError';
}

/** Downloads `url` to `file`; checks the size the job announced. */
export async function download(url: string, file: string, expectedBytes: number, signal: AbortSignal): Promise<number> {
  const res = await fetch(url, { signal });
  if (!res.ok || !res.body) throw new TransferError(`downloading an input answered ${res.status}`);
  await pipeline(Readable.fromWeb(res.body as WebReadableStream), createWriteStream(file), { signal });
  const size = (await stat(file)).size;
  if (size !== expectedBytes) throw new TransferError(`an input arrived with ${size} bytes, expected ${expectedBytes}`);
  return size;
}

/** Uploads `file` with PUT to a signed link; returns its size. */
export async function upload(url: string, file: string, signal: AbortSignal): Promise<number> {
  const size = (await stat(file)).size;
  const res = await fetch(url, {
    method: 'PUT',
    body: Readable.toWeb(createReadStream(file)) as unknown as BodyInit,
    headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' },
    signal,
    duplex: 'half',
  } as RequestInit & { duplex: 'half' });
  await res.body?.cancel();
  if (!res.ok) throw new TransferError(`uploading an output answered ${res.status}`);
  return size;
}
