/**
 * The Aliyun OSS storage backend through ali-oss: single PUT for small files,
 * multipart (aborted on failure, so no orphan parts stay) for large ones,
 * V1 or V4 signed URLs, paged list and delete.
 */
import fs from 'node:fs/promises';
import OSS from 'ali-oss';
import type { Config } from '../config.js';
import { AbortError } from '../domain/errors.js';
import type { Storage, StoredObject } from './storage.js';

/** The OSS part of the configuration. */
export type OssConfig = NonNullable<Config['storage']['oss']>;

/** Tuning for {@link createOssStorage}; tests shrink the threshold. */
export interface OssStorageOptions {
  /** Files at or above this size go multipart. Default 16 MiB. */
  multipartThresholdBytes?: number;
  /** Part size for multipart uploads (at least 100 KB). Default 8 MiB. */
  partSizeBytes?: number;
  /** Parts in flight at once. Default 4. */
  parallel?: number;
  /** Per-request timeout. Default 120 s. */
  timeoutMs?: number;
}

/** ali-oss options including the ones @types/ali-oss lacks (`sldEnable` = path-style addressing). */
type ClientOptions = OSS.Options & { sldEnable?: boolean; retryMax?: number };

/** A failed OSS call, with a message that says what to fix. `retryable` is false for configuration problems. */
export class OssStorageError extends Error {
  override name = 'OssStorageError';
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const DEFAULT_THRESHOLD = 16 * 1024 * 1024;
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 100 * 1024;
/** OSS's limit for both ListObjects pages and DeleteMultipleObjects. */
const PAGE = 1000;

interface AliError {
  name?: string;
  code?: string;
  status?: number;
  message?: string;
}

/** ali-oss wants `oss-cn-hangzhou`; accept `cn-hangzhou` too. */
export function normalizeRegion(region: string): string {
  return region.startsWith('oss-') ? region : `oss-${region}`;
}

/** The ali-oss client options for a configuration. */
export function ossClientOptions(cfg: OssConfig, timeoutMs = 120_000): ClientOptions {
  return {
    region: normalizeRegion(cfg.region),
    bucket: cfg.bucket,
    accessKeyId: cfg.accessKeyId,
    accessKeySecret: cfg.accessKeySecret,
    ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    secure: true,
    authorizationV4: cfg.authorizationV4,
    sldEnable: cfg.pathStyle,
    timeout: timeoutMs,
    // Retries network errors of buffered and file puts; the runner retries the rest.
    retryMax: 2,
  };
}

/** Turns an ali-oss error (or cancel event) into an OssStorageError or AbortError with a message that names the fix. */
export function mapOssError(err: unknown, cfg: OssConfig, what: string): Error {
  const e = (err ?? {}) as AliError;
  if (e.name === 'cancel' || e.name === 'AbortError') return new AbortError(`${what} cancelled`);
  const code = e.code ?? (e.name?.endsWith('Error') ? e.name.slice(0, -5) : null) ?? null;
  const status = typeof e.status === 'number' ? e.status : null;
  const detail = e.message ? `: ${e.message}` : '';
  switch (code) {
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
      return new OssStorageError(
        `OSS rejected the credentials (OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET) during ${what} [${code}]`,
        code,
        status,
        false,
      );
    case 'NoSuchBucket':
      return new OssStorageError(`OSS bucket "${cfg.bucket}" does not exist in region ${cfg.region} (${what})`, code, status, false);
    case 'NoSuchKey':
      return new OssStorageError(`OSS object not found in bucket "${cfg.bucket}" (${what})`, code, status, false);
    case 'AccessDenied':
      return new OssStorageError(`OSS denied ${what} on bucket "${cfg.bucket}" (check the RAM policy)${detail}`, code, status, false);
    case 'RequestTimeTooSkewed':
      return new OssStorageError(`OSS says this machine's clock is off by more than 15 minutes (${what})`, code, status, false);
  }
  if (status === -1 || status === -2 || status === null) {
    return new OssStorageError(`OSS unreachable during ${what} (${cfg.endpoint ?? cfg.region})${detail}`, code, status, true);
  }
  return new OssStorageError(`OSS ${what} failed [${code ?? status}]${detail}`, code, status, status >= 500 || status === 429);
}

/**
 * Creates the OSS backend.
 * Long because it is a factory: one short method per Storage operation over the same client.
 */
export function createOssStorage(cfg: OssConfig, options: OssStorageOptions = {}): Storage {
  const threshold = options.multipartThresholdBytes ?? DEFAULT_THRESHOLD;
  const partSize = Math.max(MIN_PART_SIZE, options.partSizeBytes ?? DEFAULT_PART_SIZE);
  const clientOptions = ossClientOptions(cfg, options.timeoutMs);
  const client = new OSS(clientOptions);

  const call = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw mapOssError(err, cfg, what);
    }
  };

  const listAll = async (prefix: string): Promise<StoredObject[]> => {
    const out: StoredObject[] = [];
    let marker: string | undefined;
    for (;;) {
      const page = await call(`list ${prefix}`, () =>
        // An empty `prefix=` breaks V4 signing (ali-oss signs it as `prefix=`, OSS reads it as a bare key), so omit it.
        client.list({ 'max-keys': PAGE, ...(prefix ? { prefix } : {}), ...(marker ? { marker } : {}) }, {}),
      );
      for (const o of page.objects ?? []) {
        out.push({ key: o.name, sizeBytes: Number(o.size), lastModified: new Date(o.lastModified) });
      }
      if (!page.isTruncated || !page.nextMarker) return out;
      marker = page.nextMarker;
    }
  };

  const multipart = async (key: string, filePath: string, mime: string | undefined, signal?: AbortSignal): Promise<void> => {
    // cancel() is per client, so each upload gets its own: cancelling one must not stop another.
    const own = new OSS(clientOptions);
    let uploadId: string | null = null;
    const onAbort = (): void => own.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await own.multipartUpload(key, filePath, {
        partSize,
        parallel: options.parallel ?? 4,
        ...(mime ? { mime } : {}),
        progress: async (_p: number, checkpoint?: { uploadId?: string }) => {
          if (checkpoint?.uploadId) uploadId = checkpoint.uploadId;
        },
      });
    } catch (err) {
      // ali-oss leaves the parts behind on failure; remove them so no storage is billed for nothing.
      if (uploadId) await client.abortMultipartUpload(key, uploadId).catch(() => undefined);
      throw err;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };

  const stat = async (key: string): Promise<StoredObject | null> => {
    try {
      const res = await client.head(key);
      const headers = res.res.headers as Record<string, string>;
      return {
        key,
        sizeBytes: Number(headers['content-length'] ?? 0),
        lastModified: new Date(headers['last-modified'] ?? Date.now()),
      };
    } catch (err) {
      if ((err as AliError).name === 'NoSuchKeyError' || (err as AliError).status === 404) {
        if ((err as AliError).code === 'NoSuchBucket') throw mapOssError(err, cfg, `stat ${key}`);
        return null;
      }
      throw mapOssError(err, cfg, `stat ${key}`);
    }
  };

  return {
    driver: 'oss',
    publicUrls: true,

    async putFile(key, filePath, opts) {
      if (opts?.signal?.aborted) throw new AbortError(`upload of ${key} cancelled`);
      const st = await fs.stat(filePath);
      if (!st.isFile()) throw new Error(`not a regular file: ${filePath}`);
      await call(`upload of ${key}`, async () => {
        if (st.size >= threshold) {
          await multipart(key, filePath, opts?.contentType, opts?.signal);
        } else {
          await client.put(key, filePath, opts?.contentType ? { mime: opts.contentType } : {});
        }
      });
      if (opts?.signal?.aborted) throw new AbortError(`upload of ${key} cancelled`);
      return (await stat(key)) ?? { key, sizeBytes: st.size, lastModified: new Date() };
    },

    async signedUrl(key, expiresInSeconds) {
      const expires = Math.max(1, Math.floor(expiresInSeconds));
      return call(`signing ${key}`, async () =>
        cfg.authorizationV4
          ? client.signatureUrlV4('GET', expires, undefined, key)
          : // V1 query signing; ali-oss keeps it as the default until 7.x and it is what V1-only gateways accept.
            client.signatureUrl(key, { expires }),
      );
    },

    async delete(key) {
      await call(`delete ${key}`, () => client.delete(key));
    },

    async deletePrefix(prefix) {
      if (!prefix) throw new Error('deletePrefix needs a non-empty prefix');
      const objects = await listAll(prefix);
      for (let i = 0; i < objects.length; i += PAGE) {
        const names = objects.slice(i, i + PAGE).map((o) => o.key);
        await call(`delete under ${prefix}`, () => client.deleteMulti(names, { quiet: true }));
      }
      return objects.length;
    },

    list: listAll,
    stat,

    async check() {
      try {
        await call('health check', () => client.list({ 'max-keys': 1 }, { timeout: 10_000 }));
        return { ok: true, message: `OSS bucket ${cfg.bucket} (${cfg.region}) answers` };
      } catch (err) {
        return { ok: false, message: (err as Error).message };
      }
    },
  };
}
