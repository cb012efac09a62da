/**
 * OSS sources: an object in Aliyun OSS (`oss://bucket/key` or
 * `https://bucket.oss-<region>.aliyuncs.com/key`), read with the configured
 * credentials and streamed to the batch's work dir. The source bucket may
 * differ from the storage bucket, so each download builds its own client.
 */
import { mkdir } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import OSS from 'ali-oss';
import type { Config } from '../config.js';
import { AbortError, SourceError, isAbort, messageOf } from '../domain/errors.js';
import { normalizeRegion, ossClientOptions } from '../storage/oss-storage.js';
import { retryFetch } from './retry-fetch.js';
import type { SourceControl, SourceDeps, SourceFetcher } from './source.js';
import { downloadTarget } from './target-path.js';
import { formatBytes, writeCapped } from './write-capped.js';

/** A parsed OSS location. `region` is like `oss-cn-hangzhou`, present only for https URLs. */
export interface OssLocation {
  bucket: string;
  key: string;
  region?: string;
}

// OSS bucket names: 3–63 lowercase letters, digits and hyphens, not starting or ending with a hyphen.
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
// bucket.oss-cn-hangzhou.aliyuncs.com, also -internal and oss-accelerate hosts.
const HOST = /^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.(oss-[a-z0-9-]+)\.aliyuncs\.com$/;

/** Parses an OSS source URL; throws SourceError (not retryable) saying what form is expected. */
export function parseOssUrl(raw: string): OssLocation {
  const expected = 'expected oss://bucket/key or https://bucket.oss-<region>.aliyuncs.com/key';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new SourceError(`not a valid OSS URL (${expected})`, false);
  }
  let bucket: string;
  let region: string | undefined;
  if (u.protocol === 'oss:') {
    bucket = u.hostname;
  } else if (u.protocol === 'https:' || u.protocol === 'http:') {
    const m = HOST.exec(u.hostname);
    if (!m) throw new SourceError(`the host ${u.hostname} is not an OSS bucket host (${expected})`, false);
    bucket = m[1]!;
    const endpoint = m[2]!.replace(/-internal$/, '');
    region = endpoint === 'oss-accelerate' || endpoint === 'oss-accelerate-overseas' ? undefined : endpoint;
  } else {
    throw new SourceError(`unsupported scheme ${u.protocol} (${expected})`, false);
  }
  if (!BUCKET.test(bucket)) throw new SourceError(`"${bucket}" is not a valid OSS bucket name (${expected})`, false);
  let key: string;
  try {
    key = decodeURIComponent(u.pathname.replace(/^\/+/, ''));
  } catch {
    throw new SourceError('the object key is not valid URL encoding', false);
  }
  if (!key || key.endsWith('/')) throw new SourceError(`the URL names no object (${expected})`, false);
  return region ? { bucket, key, region } : { bucket, key };
}

/** The OSS settings a source download uses, or a SourceError saying how to configure them. */
export function ossConfigFor(config: Config): NonNullable<Config['storage']['oss']> {
  const oss = config.storage.oss;
  if (!oss) {
    throw new SourceError(
      'OSS sources need OSS credentials, and none are configured: set STORAGE_DRIVER=oss with OSS_REGION, OSS_BUCKET, OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET',
      false,
    );
  }
  return oss;
}

/** Refuses buckets outside OSS_SOURCE_BUCKETS (default: the storage bucket): the server's keys must not read just any bucket. */
export function assertBucketAllowed(loc: OssLocation, config: Config): void {
  const allowed = config.security.ossSourceBuckets;
  if (!allowed.includes(loc.bucket)) {
    throw new SourceError(`the bucket "${loc.bucket}" is not one OSS sources may come from (OSS_SOURCE_BUCKETS: ${allowed.join(', ') || 'none'})`, false);
  }
}

/** An ali-oss client for the source's bucket. A configured endpoint is used unless the URL names another region. */
export function ossClientFor(loc: OssLocation, config: Config): OSS {
  assertBucketAllowed(loc, config);
  const oss = ossConfigFor(config);
  const otherRegion = loc.region !== undefined && loc.region !== normalizeRegion(oss.region);
  const base = ossClientOptions({ ...oss, bucket: loc.bucket, ...(otherRegion ? { region: loc.region!, endpoint: null } : {}) }, config.download.totalTimeoutMs);
  return new OSS(base);
}

/** Maps an ali-oss error to a SourceError with a message a user can act on. */
export function ossSourceError(err: unknown, loc: OssLocation): Error {
  if (isAbort(err)) return new AbortError();
  const e = (err ?? {}) as { name?: string; code?: string; status?: number };
  if (e.name === 'SourceError') return err as Error;
  const where = `oss://${loc.bucket}/${loc.key}`;
  // getStream does not parse error bodies, so a 403 arrives as "UnknownError" with only a status.
  const code = e.code ?? (e.name && e.name !== 'UnknownError' ? e.name.replace(/Error$/, '') : undefined);
  if (code === 'NoSuchBucket') return new SourceError(`the bucket of ${where} does not exist`, false);
  if (code === 'NoSuchKey' || e.status === 404) return new SourceError(`${where} does not exist`, false);
  if (e.status === 403 || code === 'AccessDenied' || code === 'SignatureDoesNotMatch' || code === 'InvalidAccessKeyId') {
    return new SourceError(`OSS refused to read ${where} with the configured credentials (${code ?? `HTTP ${e.status}`})`, false);
  }
  const retryable = e.status === undefined || e.status < 0 || e.status >= 500 || e.status === 429;
  return new SourceError(`reading ${where} failed: ${messageOf(err)}`, retryable);
}

/** Downloads one object once to `dest`. */
export async function downloadOssOnce(loc: OssLocation, dest: string, deps: SourceDeps, control: SourceControl): Promise<number> {
  const client = ossClientFor(loc, deps.config);
  const maxBytes = deps.config.download.maxBytes;
  let stream: Readable | undefined;
  let onAbort: (() => void) | undefined;
  try {
    // ali-oss takes no AbortSignal: race the request against it, and destroy the stream on abort.
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new AbortError());
      control.signal.addEventListener('abort', onAbort, { once: true });
    });
    if (control.signal.aborted) throw new AbortError();
    const pending = client.getStream(loc.key, { timeout: deps.config.download.totalTimeoutMs });
    pending.then(
      (r) => control.signal.aborted && (r.stream as Readable | undefined)?.destroy(),
      () => undefined,
    );
    const result = await Promise.race([pending, aborted]);
    stream = result.stream as Readable;
    const length = Number(result.res.headers?.['content-length' as keyof typeof result.res.headers]);
    const totalBytes = Number.isFinite(length) && length >= 0 ? length : null;
    if (totalBytes !== null && totalBytes > maxBytes) {
      throw new SourceError(`oss://${loc.bucket}/${loc.key} is ${formatBytes(totalBytes)}, larger than the ${formatBytes(maxBytes)} download limit`, false);
    }
    return await writeCapped(stream, dest, { maxBytes, signal: control.signal, totalBytes, onBytes: control.onBytes });
  } catch (err) {
    stream?.destroy();
    throw ossSourceError(err, loc);
  } finally {
    if (onAbort) control.signal.removeEventListener('abort', onAbort);
  }
}

/** OSS fetcher: a first attempt and up to DOWNLOAD_RETRIES (3) retries, then `downloaded: true`. */
export const ossSource: SourceFetcher = {
  async fetch(video, deps, control) {
    if (!video.sourceUrl) throw new SourceError('an OSS source needs a url', false);
    const loc = parseOssUrl(video.sourceUrl);
    ossConfigFor(deps.config);
    await mkdir(video.workDir, { recursive: true });
    const dest = downloadTarget(video.workDir, video.index, loc.key);
    await retryFetch(() => downloadOssOnce(loc, dest, deps, control), control, deps.config.retryBaseDelayMs);
    return { localPath: dest, downloaded: true };
  },
};
