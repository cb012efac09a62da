/**
 * Environment → validated configuration. The only module that knows variable
 * names; everything else receives the Config object.
 */
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { parseCostConfig, type CostConfig } from './estimate/cost-config.js';
import { FINAL_URL_EXPIRY_SECONDS, type FinalUrlMode } from './storage/final-url.js';
import { finalUrlMode } from './config-delivery.js';
import { ConfigError, bool, int, list, oneOf, optional, str, url, type Env } from './config-readers.js';
import { loadSecurityConfig, type SecurityConfig } from './config-security.js';
import { loadQueueConfig, type QueueConfig } from './queue/queue-config.js';

export { ConfigError } from './config-readers.js';
export type { SecurityConfig } from './config-security.js';

/** Prices per 1,000 tokens for one model. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Validated server configuration. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  mediaRoots: string[];
  apiTokens: string[];
  /** False only when the operator switched auth off explicitly (AUTH_DISABLED=true). */
  authRequired: boolean;
  allowPrivateUrls: boolean;
  /** How clients reach this server (signed local links). Without PUBLIC_BASE_URL and with PORT=0, the app fills in the bound port at start. */
  publicBaseUrl: string;
  /** True when PUBLIC_BASE_URL was set. */
  publicBaseUrlSet: boolean;
  storage: StorageConfig;
  ai: AiConfig;
  asr: AsrConfig;
  /** `retries`: deliveries retried after a failed first attempt (attempts = 1 + retries), on their own schedule (webhooks/backoff.ts). */
  webhook: { secret: string; timeoutMs: number; retries: number; baseDelayMs: number };
  workerThreads: number;
  ffmpegPath: string | null;
  ffprobePath: string | null;
  download: { maxBytes: number; connectTimeoutMs: number; totalTimeoutMs: number; maxRedirects: number };
  maxVideoSeconds: number;
  /** Base delay of the runner's retry backoff (doubles per attempt). */
  retryBaseDelayMs: number;
  logLevel: string;
  /** Storage and speech prices for cost estimates (token prices are in ai.prices). */
  costs: CostConfig;
  /** Browser and resource limits (docs/security.md). */
  security: SecurityConfig;
  /** Where ffmpeg runs: this process (local) or BullMQ workers (bullmq). */
  queue: QueueConfig;
}

/** Where objects are stored. */
export interface StorageConfig {
  driver: 'local' | 'oss';
  /** Secret for signed local links. */
  signingSecret: string;
  oss: {
    region: string;
    bucket: string;
    endpoint: string | null;
    accessKeyId: string;
    accessKeySecret: string;
    authorizationV4: boolean;
    /** Path-style addressing (bucket in the path), for OSS-compatible test servers. */
    pathStyle: boolean;
  } | null;
  sweepIntervalSeconds: number;
  /** Lifetime of the final video's signed URL (FINAL_URL_EXPIRY_SECONDS, 60 s to 7 days). */
  finalUrlExpirySeconds: number;
  /** FINAL_URL_MODE: `signed` (default) or `public` (OSS public-read bucket: the plain object URL, no expiry). */
  finalUrlMode: FinalUrlMode;
}

/** The model endpoints. */
export interface AiConfig {
  analyzer: 'openai' | 'offline';
  baseUrl: string;
  apiKey: string | null;
  vlModel: string;
  textModel: string;
  concurrency: number;
  timeoutMs: number;
  prices: Record<string, ModelPrice>;
}

/** Speech recognition. */
export interface AsrConfig {
  provider: 'paraformer' | 'openai' | 'none';
  model: string;
  /** DashScope's native API root (for paraformer), e.g. https://dashscope.aliyuncs.com */
  dashscopeBaseUrl: string;
  pollIntervalMs: number;
}

const DEFAULT_PRICES: Record<string, ModelPrice> = {
  'qwen-vl-plus': { input: 0.0008, output: 0.002 },
  'qwen-vl-max': { input: 0.0016, output: 0.004 },
  'qwen-plus': { input: 0.0008, output: 0.002 },
};

/** True for addresses that only this machine can reach: `localhost` or an IP literal in a loopback range. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (!ipaddr.isValid(h) || net.isIP(h) === 0) return false;
  const addr = ipaddr.process(h);
  return addr.range() === 'loopback';
}

function parsePrices(env: Env): Record<string, ModelPrice> {
  const raw = optional(env, 'AI_PRICES');
  if (!raw) return DEFAULT_PRICES;
  try {
    const parsed = JSON.parse(raw) as Record<string, ModelPrice>;
    for (const [model, p] of Object.entries(parsed)) {
      if (typeof p?.input !== 'number' || typeof p?.output !== 'number') throw new Error(model);
    }
    return { ...DEFAULT_PRICES, ...parsed };
  } catch {
    throw new ConfigError('AI_PRICES', 'must be JSON like {"qwen-plus":{"input":0.0008,"output":0.002}} (per 1,000 tokens)');
  }
}

/**
 * Reads and validates the configuration; throws ConfigError naming the first bad variable.
 * Long because it is a flat list of variables, one read each, in the order of .env.example.
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const host = str(env, 'HOST', '127.0.0.1');
  const port = int(env, 'PORT', 4000, 0, 65535);
  const dataDir = path.resolve(cwd, str(env, 'DATA_DIR', './data'));
  const mediaRootsRaw = list(env, 'MEDIA_ROOTS');
  const mediaRoots = (mediaRootsRaw.length ? mediaRootsRaw : ['./media']).map((r) => path.resolve(cwd, r));
  const apiTokens = list(env, 'API_TOKENS');
  const authDisabled = bool(env, 'AUTH_DISABLED', false);
  const authRequired = !authDisabled && (apiTokens.length > 0 || !isLoopbackHost(host));
  if (authRequired && apiTokens.length === 0) {
    throw new ConfigError(
      'API_TOKENS',
      `HOST=${host} is reachable from other machines, so API tokens are required: set API_TOKENS=token1,token2 ` +
        '(or AUTH_DISABLED=true if something in front of this server authenticates)',
    );
  }

  const apiKey = optional(env, 'AI_API_KEY') ?? optional(env, 'DASHSCOPE_API_KEY');
  const analyzerChoice = oneOf(env, 'ANALYZER', ['auto', 'openai', 'offline'] as const, 'auto');
  if (analyzerChoice === 'openai' && !apiKey) {
    throw new ConfigError('ANALYZER', 'is "openai" but no AI_API_KEY (or DASHSCOPE_API_KEY) is set');
  }
  const analyzer = analyzerChoice === 'auto' ? (apiKey ? 'openai' : 'offline') : analyzerChoice;

  const driver = oneOf(env, 'STORAGE_DRIVER', ['local', 'oss'] as const, 'local');
  let oss: StorageConfig['oss'] = null;
  if (driver === 'oss') {
    const need = (name: string): string => {
      const v = optional(env, name);
      if (!v) throw new ConfigError(name, 'is required when STORAGE_DRIVER=oss');
      return v;
    };
    oss = {
      region: need('OSS_REGION'),
      bucket: need('OSS_BUCKET'),
      endpoint: optional(env, 'OSS_ENDPOINT'),
      accessKeyId: need('OSS_ACCESS_KEY_ID'),
      accessKeySecret: need('OSS_ACCESS_KEY_SECRET'),
      authorizationV4: bool(env, 'OSS_SIGNATURE_V4', false),
      pathStyle: bool(env, 'OSS_PATH_STYLE', false),
    };
  }

  const asrProvider = oneOf(env, 'ASR_PROVIDER', ['paraformer', 'openai', 'none'] as const, apiKey ? 'paraformer' : 'none');
  const defaultPublic = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    host,
    port,
    dataDir,
    mediaRoots,
    apiTokens,
    authRequired,
    allowPrivateUrls: bool(env, 'ALLOW_PRIVATE_URLS', false),
    publicBaseUrl: url(env, 'PUBLIC_BASE_URL', defaultPublic),
    publicBaseUrlSet: !!optional(env, 'PUBLIC_BASE_URL'),
    storage: {
      driver,
      signingSecret: str(env, 'STORAGE_SIGNING_SECRET', ''),
      oss,
      sweepIntervalSeconds: int(env, 'SWEEP_INTERVAL_SECONDS', 3600, 10, 7 * 86400),
      finalUrlExpirySeconds: int(env, 'FINAL_URL_EXPIRY_SECONDS', FINAL_URL_EXPIRY_SECONDS, 60, FINAL_URL_EXPIRY_SECONDS),
      finalUrlMode: finalUrlMode(env, driver),
    },
    ai: {
      analyzer,
      baseUrl: url(env, 'AI_BASE_URL', 'https://dashscope.aliyuncs.com/compatible-mode/v1'),
      apiKey,
      vlModel: str(env, 'AI_VL_MODEL', 'qwen-vl-plus'),
      textModel: str(env, 'AI_TEXT_MODEL', 'qwen-plus'),
      concurrency: int(env, 'AI_CONCURRENCY', 3, 1, 50),
      timeoutMs: int(env, 'AI_TIMEOUT_MS', 180_000, 1000, 600_000),
      prices: parsePrices(env),
    },
    asr: {
      provider: asrProvider,
      model: str(env, 'ASR_MODEL', asrProvider === 'openai' ? 'whisper-1' : 'paraformer-v2'),
      dashscopeBaseUrl: url(env, 'ASR_BASE_URL', 'https://dashscope.aliyuncs.com'),
      pollIntervalMs: int(env, 'ASR_POLL_INTERVAL_MS', 1000, 10, 60_000),
    },
    webhook: {
      secret: str(env, 'WEBHOOK_SECRET', ''),
      timeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 15_000, 100, 120_000),
      // WEBHOOK_RETRIES counts retries like every other retry count; the older WEBHOOK_MAX_ATTEMPTS (all attempts) still works.
      retries: optional(env, 'WEBHOOK_RETRIES') || !optional(env, 'WEBHOOK_MAX_ATTEMPTS') ? int(env, 'WEBHOOK_RETRIES', 7, 0, 49) : int(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 50) - 1,
      baseDelayMs: int(env, 'WEBHOOK_BASE_DELAY_MS', 5000, 1, 3_600_000),
    },
    workerThreads: int(env, 'WORKER_THREADS', Math.max(1, os.availableParallelism()), 1, 64),
    ffmpegPath: optional(env, 'FFMPEG_PATH'),
    ffprobePath: optional(env, 'FFPROBE_PATH'),
    download: {
      maxBytes: int(env, 'DOWNLOAD_MAX_BYTES', 2 * 1024 ** 3, 1, Number.MAX_SAFE_INTEGER),
      connectTimeoutMs: int(env, 'DOWNLOAD_CONNECT_TIMEOUT_MS', 10_000, 10, 600_000),
      totalTimeoutMs: int(env, 'DOWNLOAD_TIMEOUT_MS', 600_000, 100, 24 * 3_600_000),
      maxRedirects: 5,
    },
    costs: parseCostConfig(env, (variable, message) => {
      throw new ConfigError(variable, message);
    }),
    maxVideoSeconds: int(env, 'MAX_VIDEO_SECONDS', 600, 1, 24 * 3600),
    retryBaseDelayMs: int(env, 'RETRY_BASE_DELAY_MS', 1000, 0, 600_000),
    logLevel: str(env, 'LOG_LEVEL', 'info'),
    security: loadSecurityConfig(env, oss ? oss.bucket : null),
    queue: loadQueueConfig(env),
  };
}
