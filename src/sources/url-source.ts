/**
 * URL sources: an http(s) file streamed to the batch's work dir through the
 * SSRF-filtered client, with the configured size cap and time limits.
 */
import { mkdir } from 'node:fs/promises';
import { STATUS_CODES } from 'node:http';
import { AbortError, SourceError, isAbort, messageOf } from '../domain/errors.js';
import { safeRequest } from '../net/safe-request.js';
import { retryFetch } from './retry-fetch.js';
import type { SourceControl, SourceDeps, SourceFetcher } from './source.js';
import { downloadTarget } from './target-path.js';
import { formatBytes, writeCapped } from './write-capped.js';

// Content types that are certainly a page about the video, not the video.
const PAGE_TYPES = ['text/html', 'application/xhtml+xml'];

/** Turns anything the client or the stream threw into a SourceError (or an AbortError). */
export function toSourceError(err: unknown): Error {
  const e = err as { name?: string; retryable?: boolean };
  if (isAbort(err)) return new AbortError();
  if (e.name === 'SourceError') return err as Error;
  if (e.name === 'BlockedAddressError') {
    return new SourceError(`${messageOf(err)} (set ALLOW_PRIVATE_URLS=true to permit them)`, false);
  }
  if (e.name === 'RequestError') return new SourceError(messageOf(err), e.retryable !== false);
  return new SourceError(messageOf(err), true);
}

/** Whether an HTTP status is worth another attempt: 408, 425, 429 and 5xx are; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429;
}

/** Downloads `url` to `dest` once; throws SourceError/AbortError. */
export async function downloadUrlOnce(url: string, dest: string, deps: SourceDeps, control: SourceControl): Promise<number> {
  const { config } = deps;
  const d = config.download;
  let res;
  try {
    res = await safeRequest(url, {
      allowPrivate: config.allowPrivateUrls,
      connectTimeoutMs: d.connectTimeoutMs,
      totalTimeoutMs: d.totalTimeoutMs,
      maxRedirects: d.maxRedirects,
      signal: control.signal,
      headers: { accept: 'video/*, application/octet-stream;q=0.9, */*;q=0.5', 'user-agent': 'autoclip/0.1' },
    });
  } catch (err) {
    throw toSourceError(err);
  }
  const { status, headers, body } = res;
  if (status < 200 || status >= 300) {
    body.resume();
    const text = `the server answered ${status} ${STATUS_CODES[status] ?? ''}`.trim();
    throw new SourceError(text, isRetryableStatus(status));
  }
  const type = String(headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (PAGE_TYPES.includes(type)) {
    body.destroy();
    throw new SourceError(`the URL returned a web page (${type}), not a video file; use a direct link to the file`, false);
  }
  const length = Number(headers['content-length']);
  const totalBytes = Number.isFinite(length) && length >= 0 && headers['content-length'] !== undefined ? length : null;
  if (totalBytes !== null && totalBytes > d.maxBytes) {
    body.destroy();
    throw new SourceError(`the file is ${formatBytes(totalBytes)}, larger than the ${formatBytes(d.maxBytes)} download limit`, false);
  }
  try {
    return await writeCapped(body, dest, { maxBytes: d.maxBytes, signal: control.signal, totalBytes, onBytes: control.onBytes });
  } catch (err) {
    throw toSourceError(err);
  }
}

/** URL fetcher: a first attempt and up to DOWNLOAD_RETRIES (3) retries, then `downloaded: true` with the file in the work dir. */
export const urlSource: SourceFetcher = {
  async fetch(video, deps, control) {
    const url = video.sourceUrl;
    if (!url) throw new SourceError('a URL source needs a url', false);
    let remoteName = '';
    try {
      remoteName = new URL(url).pathname;
    } catch {
      throw new SourceError('the url is not a valid URL', false);
    }
    await mkdir(video.workDir, { recursive: true });
    const dest = downloadTarget(video.workDir, video.index, remoteName);
    await retryFetch(() => downloadUrlOnce(url, dest, deps, control), control, deps.config.retryBaseDelayMs);
    return { localPath: dest, downloaded: true };
  },
};
