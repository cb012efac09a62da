/** Browser rules and resource limits from the environment (docs/security.md). */
import { ConfigError, int, list, type Env } from './config-readers.js';

/** What browsers may do and how much one client may hold. */
export interface SecurityConfig {
  /** Origins (scheme://host[:port]) allowed cross-origin calls; empty: no CORS at all. */
  corsOrigins: string[];
  /** graphql-ws subscriptions one socket may hold at once. */
  maxSubscriptionsPerConnection: number;
  /** Server-Sent Event streams one client address may hold at once. */
  maxSseStreamsPerClient: number;
  /** Plan versions kept per batch; older drafts beyond it are pruned (approved ones are kept). */
  planVersionsKept: number;
  /** ffmpeg/ffprobe with no progress for this long are killed. */
  ffmpegStallSeconds: number;
  /** Buckets OSS sources may name (default: the storage bucket). */
  ossSourceBuckets: string[];
  /** How long a browser upload no batch uses is kept (tus expiration). */
  uploadTtlSeconds: number;
  /** How long an upload is kept after the last batch using it ended, for re-renders and retries. */
  uploadRetentionSeconds: number;
}

/** Reads the browser rules and limits; `ossBucket` is the storage bucket, the default OSS source bucket. */
export function loadSecurityConfig(env: Env, ossBucket: string | null): SecurityConfig {
  return {
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    maxSubscriptionsPerConnection: int(env, 'MAX_SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 1000),
    maxSseStreamsPerClient: int(env, 'MAX_SSE_STREAMS_PER_CLIENT', 20, 1, 1000),
    planVersionsKept: int(env, 'PLAN_VERSIONS_KEPT', 50, 2, 1000),
    ffmpegStallSeconds: int(env, 'FFMPEG_STALL_SECONDS', 120, 5, 3600),
    ossSourceBuckets: list(env, 'OSS_SOURCE_BUCKETS').length ? list(env, 'OSS_SOURCE_BUCKETS') : ossBucket ? [ossBucket] : [],
    uploadTtlSeconds: int(env, 'UPLOAD_TTL_SECONDS', 86_400, 60, 30 * 86_400),
    uploadRetentionSeconds: int(env, 'UPLOAD_RETENTION_SECONDS', 7 * 86_400, 0, 365 * 86_400),
  };
}

function origins(env: Env, name: string): string[] {
  return list(env, name).map((o) => {
    let u: URL;
    try {
      u = new URL(o);
    } catch {
      throw new ConfigError(name, `must list origins like https://app.example.com, got "${o}"`);
    }
    if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.pathname !== '/' || u.search || o.endsWith('/')) {
      throw new ConfigError(name, `must list origins like https://app.example.com (scheme, host, optional port; no path), got "${o}"`);
    }
    return u.origin;
  });
}
