/**
 * URL and OSS sources before they are downloaded: their size, asked with a
 * bounded wait (a HEAD through the same address policy as downloads, or an
 * OSS HEAD with the configured credentials), turned into an estimate source
 * that says it was estimated from the size. Nothing is downloaded or probed:
 * an estimate must come back in about a second.
 */
import type { Config } from '../config.js';
import type { ConcreteProfile, CompressionProfile } from '../domain/statuses.js';
import { messageOf } from '../domain/errors.js';
import { resolveProfile } from '../media/profiles.js';
import { safeRequest } from '../net/safe-request.js';
import { ossClientFor, parseOssUrl } from '../sources/oss-source.js';
import { ASSUMED_BYTES_PER_VIDEO_SECOND } from './completion.js';
import type { EstimateSource } from './estimate-batch.js';

/** The longest wait for a remote source's size. */
export const REMOTE_SIZE_TIMEOUT_MS = 1500;
/** Frame shape assumed for a source that was not probed. */
const ASSUMED = { width: 1920, height: 1080, fps: 30, hasAudio: true } as const;

/** A remote source's size in bytes, or why it is not known. */
export async function remoteSize(type: 'URL' | 'OSS', url: string, config: Config, timeoutMs = REMOTE_SIZE_TIMEOUT_MS): Promise<number | { unknown: string }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const length = type === 'URL' ? await urlLength(url, config, timeout, timeoutMs) : await ossLength(url, config, timeout);
    return length ?? { unknown: 'its size was not given (no Content-Length)' };
  } catch (err) {
    if (timeout.aborted) return { unknown: `its size was not known within ${timeoutMs / 1000} s` };
    return { unknown: `its size could not be read (${messageOf(err).slice(0, 200)})` };
  }
}

async function urlLength(url: string, config: Config, signal: AbortSignal, timeoutMs: number): Promise<number | null> {
  const res = await safeRequest(url, {
    method: 'HEAD',
    allowPrivate: config.allowPrivateUrls,
    connectTimeoutMs: timeoutMs,
    totalTimeoutMs: timeoutMs,
    maxRedirects: config.download.maxRedirects,
    signal,
  });
  res.body.destroy();
  if (res.status < 200 || res.status >= 300) throw new Error(`the server answered ${res.status}`);
  const n = Number(res.headers['content-length']);
  return Number.isFinite(n) && n > 0 ? n : null;
}

async function ossLength(url: string, config: Config, signal: AbortSignal): Promise<number | null> {
  const loc = parseOssUrl(url);
  const client = ossClientFor(loc, config);
  // ali-oss takes no AbortSignal: race its request against the deadline.
  const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true }));
  const head = await Promise.race([client.head(loc.key), aborted]);
  const n = Number((head.res.headers as Record<string, string | undefined>)['content-length']);
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** An estimate source from a size alone: the length at the assumed bit rate (capped at the longest allowed video), 1080p30 with sound. */
export function sourceFromSize(index: number, sizeBytes: number, profile: CompressionProfile, maxVideoSeconds: number, measuredWhen = 'once downloaded'): EstimateSource {
  const durationSeconds = Math.min(maxVideoSeconds, Math.round((sizeBytes / ASSUMED_BYTES_PER_VIDEO_SECOND) * 10) / 10);
  const concrete: ConcreteProfile = resolveProfile(profile, durationSeconds);
  return {
    index,
    profile: concrete,
    ...ASSUMED,
    durationSeconds,
    sizeBytes,
    basis: `video ${index} is estimated from its size (${(sizeBytes / 1e6).toFixed(1)} MB at an assumed 8 Mbit/s, ${durationSeconds} s of 1080p30): it is measured ${measuredWhen}`,
  };
}
