/** createBatch input → a validated NewBatch, or an InputError naming the field (and source). */
import type { Config } from '../config.js';
import { paraformerAudioRoute } from '../ai/asr/audio-route.js';
import type { NewBatch } from '../db/batch-store.js';
import { InputError } from '../domain/action-errors.js';
import type { CompressionProfile, OutputMode, SourceType } from '../domain/statuses.js';
import { resolveLanguage, type Language } from '../i18n/language.js';
import { TARGET_DURATION_RANGE } from '../plan/target.js';
import type { OutputAspect, OutputFit } from '../render/aspect.js';

/** createBatch's input as GraphQL hands it over (absent optional fields are null or undefined). */
export interface CreateBatchInputData {
  sources: { type: SourceType; path?: string | null; url?: string | null; compressionProfile?: CompressionProfile | null }[];
  compressionProfile?: CompressionProfile | null;
  tempUrlExpirySeconds?: number | null;
  output?: {
    mode?: OutputMode | null;
    resolution?: string | null;
    fps?: number | null;
    bitrate?: string | null;
    aspect?: OutputAspect | null;
    fit?: OutputFit | null;
  } | null;
  enableVlAnalysis?: boolean | null;
  enableAsr?: boolean | null;
  webhookUrl?: string | null;
  customPrompt?: string | null;
  autoApprove?: boolean | null;
  targetDurationSeconds?: number | null;
  language?: Language | null;
}

/** Checks that need the filesystem or DNS; a message says what is wrong, null means fine. */
export interface SourceChecks {
  checkSource(source: { type: SourceType; path: string | null; url: string | null }, config: Config): Promise<{ field: string; message: string } | null>;
  checkWebhookUrl(url: string, config: Config): Promise<string | null>;
}

/** Output resolutions RECOMPRESS accepts. */
export const RESOLUTIONS = ['480p', '720p', '1080p', '1440p', '2160p'] as const;
const MAX_SOURCES = 10;
const MAX_PROMPT = 2000;
/** URLs and paths are at most this many bytes (4 KB). */
export const MAX_LOCATION_BYTES = 4096;

function checkLength(value: string | null, field: string, sourceIndex: number | null = null): void {
  if (value === null) return;
  const bytes = Buffer.byteLength(value);
  if (bytes > MAX_LOCATION_BYTES) {
    const where = sourceIndex === null ? field : `sources[${sourceIndex}].${field.replace('sources.', '')}`;
    throw new InputError(`${where} is ${bytes} bytes long; at most ${MAX_LOCATION_BYTES} are allowed`, field, sourceIndex);
  }
}

/** The problem with a requested plan length, or null when it is a whole number of seconds in 5–600. */
export function checkTargetDuration(seconds: number): string | null {
  const { min, max } = TARGET_DURATION_RANGE;
  if (Number.isInteger(seconds) && seconds >= min && seconds <= max) return null;
  return `targetDurationSeconds must be a whole number of seconds from ${min} to ${max}, got ${seconds}`;
}

/**
 * Paraformer fetches the audio by URL itself (see ai/asr/audio-route.ts): when
 * no route can work (local storage on a private address and an endpoint without
 * DashScope's temporary upload), the transcription could only fail later, so
 * enableAsr is refused now with what to configure.
 */
export function paraformerReachability(config: Config): string | null {
  if (config.asr.provider !== 'paraformer') return null;
  const route = paraformerAudioRoute(config);
  return 'problem' in route ? route.problem : null;
}

/**
 * Validates createBatch input; throws the first InputError found.
 * Long because it is a flat list of independent field checks, read top to bottom.
 */
export async function validateBatchInput(input: CreateBatchInputData, config: Config, checks: SourceChecks): Promise<NewBatch> {
  if (input.sources.length < 1 || input.sources.length > MAX_SOURCES) {
    throw new InputError(`sources: give 1 to ${MAX_SOURCES} sources, got ${input.sources.length}`, 'sources');
  }
  const expiry = input.tempUrlExpirySeconds ?? 3600;
  if (!Number.isInteger(expiry) || expiry < 600 || expiry > 86400) {
    throw new InputError(`tempUrlExpirySeconds must be between 600 and 86400, got ${expiry}`, 'tempUrlExpirySeconds');
  }
  const output = {
    mode: input.output?.mode ?? 'ORIGINAL_QUALITY',
    resolution: input.output?.resolution ?? '1080p',
    fps: input.output?.fps ?? 30,
    bitrate: input.output?.bitrate ?? '5000k',
    aspect: input.output?.aspect ?? 'SOURCE',
    fit: input.output?.fit ?? 'PAD',
  } as const;
  if (!(RESOLUTIONS as readonly string[]).includes(output.resolution)) {
    throw new InputError(`output.resolution must be one of ${RESOLUTIONS.join(', ')}, got "${output.resolution}"`, 'output.resolution');
  }
  if (!Number.isInteger(output.fps) || output.fps < 1 || output.fps > 60) {
    throw new InputError(`output.fps must be a whole number from 1 to 60, got ${output.fps}`, 'output.fps');
  }
  if (!/^\d+(\.\d+)?[kM]$/.test(output.bitrate) || parseFloat(output.bitrate) <= 0) {
    throw new InputError(`output.bitrate must look like "800k" or "8M", got "${output.bitrate}"`, 'output.bitrate');
  }
  const target = input.targetDurationSeconds ?? null;
  const targetProblem = target === null ? null : checkTargetDuration(target);
  if (targetProblem) throw new InputError(targetProblem, 'targetDurationSeconds');
  const customPrompt = input.customPrompt?.trim() || null;
  if (customPrompt && customPrompt.length > MAX_PROMPT) {
    throw new InputError(`customPrompt is ${customPrompt.length} characters; the limit is ${MAX_PROMPT}`, 'customPrompt');
  }
  if (input.enableAsr && config.asr.provider === 'none') {
    throw new InputError('enableAsr needs speech recognition, which this server does not have: set ASR_PROVIDER (paraformer or openai) and AI_API_KEY', 'enableAsr');
  }
  const asrProblem = input.enableAsr ? paraformerReachability(config) : null;
  if (asrProblem) throw new InputError(asrProblem, 'enableAsr');
  const webhookUrl = input.webhookUrl?.trim() || null;
  checkLength(webhookUrl, 'webhookUrl');
  if (webhookUrl) {
    const problem = await checks.checkWebhookUrl(webhookUrl, config);
    if (problem) throw new InputError(`webhookUrl: ${problem}`, 'webhookUrl');
  }

  const sources: NewBatch['sources'] = [];
  for (const [i, s] of input.sources.entries()) {
    const path = s.path?.trim() || null;
    const url = s.url?.trim() || null;
    checkLength(path, 'sources.path', i);
    checkLength(url, 'sources.url', i);
    if (s.type === 'LOCAL') {
      if (!path) throw new InputError(`sources[${i}]: a LOCAL source needs \`path\``, 'sources.path', i);
      if (url) throw new InputError(`sources[${i}]: a LOCAL source takes \`path\`, not \`url\``, 'sources.url', i);
    } else {
      if (!url) throw new InputError(`sources[${i}]: an ${s.type} source needs \`url\``, 'sources.url', i);
      if (path) throw new InputError(`sources[${i}]: an ${s.type} source takes \`url\`, not \`path\``, 'sources.path', i);
    }
    const problem = await checks.checkSource({ type: s.type, path, url }, config);
    if (problem) throw new InputError(`sources[${i}]: ${problem.message}`, `sources.${problem.field}`, i);
    sources.push({ type: s.type, path, url, compressionProfile: s.compressionProfile ?? null });
  }

  return {
    compressionProfile: input.compressionProfile ?? 'BALANCED',
    tempUrlExpirySeconds: expiry,
    output,
    enableVlAnalysis: input.enableVlAnalysis ?? true,
    enableAsr: input.enableAsr ?? false,
    webhookUrl,
    customPrompt,
    autoApprove: input.autoApprove ?? false,
    targetDurationSeconds: target,
    language: resolveLanguage(input.language, customPrompt),
    sources,
  };
}
