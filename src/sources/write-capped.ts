/**
 * Streams a body to `${dest}.part`, renames it to `dest` only when complete,
 * and deletes the partial file on any failure, so a crash, a cancel or a cap
 * never leaves a half file that a later stage could mistake for the source.
 */
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AbortError, SourceError } from '../domain/errors.js';

/** Limits and callbacks of one write. */
export interface WriteCappedOptions {
  maxBytes: number;
  signal: AbortSignal;
  totalBytes?: number | null;
  onBytes?(bytes: number, totalBytes: number | null): void;
}

/** "2.0 GiB"-style size for messages. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

/** Writes `body` to `dest` atomically with a byte cap; returns the byte count. */
export async function writeCapped(body: Readable, dest: string, o: WriteCappedOptions): Promise<number> {
  const part = `${dest}.part`;
  let bytes = 0;
  let lastReport = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > o.maxBytes) {
        cb(new SourceError(`the file is larger than the ${formatBytes(o.maxBytes)} download limit`, false));
        return;
      }
      // Reports at most every 256 KiB: enough for a live bar, not a flood.
      if (bytes - lastReport >= 256 * 1024) {
        lastReport = bytes;
        o.onBytes?.(bytes, o.totalBytes ?? null);
      }
      cb(null, chunk);
    },
  });
  try {
    if (o.signal.aborted) throw new AbortError();
    await pipeline(body, counter, createWriteStream(part, { flags: 'w' }), { signal: o.signal });
    await rename(part, dest);
    o.onBytes?.(bytes, o.totalBytes ?? null);
    return bytes;
  } catch (err) {
    body.destroy();
    await unlink(part).catch(() => undefined);
    // pipeline's own abort error is a DOMException-like AbortError; make it ours.
    if (o.signal.aborted) throw new AbortError();
    throw err;
  }
}
