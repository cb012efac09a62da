/**
 * The VL analyzer: sends one compressed video to an OpenAI-compatible VL model
 * (qwen-vl-plus by default) by URL or as sampled frames, and returns the
 * validated, clamped analysis with its token usage.
 */
import type OpenAI from 'openai';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { MediaTools } from '../workers/ffmpeg/resolve.js';
import type { BatchSettings, StageControl, VideoWork } from '../domain/types.js';
import type { Storage } from '../storage/storage.js';
import type { MediaPool } from '../workers/media-pool.js';
import type { Analyzer } from './analyzer.js';
import { checkAnalysis, clampAnalysis } from './analysis-schema.js';
import { chatJson } from './chat-json.js';
import { sampleFrames } from './frames/sample-frames.js';
import type { Limiter } from '../domain/limiter.js';
import { createOpenAiClient } from './openai-client.js';
import { analysisMessages, analysisRepairPrompt, type VideoInput } from './prompts/analysis-prompt.js';
import { DEFAULT_RETRY, type RetryOptions } from './retry.js';
import { usageEntry } from './usage-entry.js';
import { frameSizeFor } from './analysis-request.js';
import { estimateRequestVideoTokens, originalVideoTokens, requestForVideo } from './video-token-estimate.js';

/** What the VL analyzer needs. `client`, `retry` and `limiter` are for tests and sharing. */
export interface OpenAiAnalyzerDeps {
  config: Config;
  storage: Storage;
  pool: MediaPool;
  tools: MediaTools;
  log: Logger;
  client?: OpenAI;
  retry?: Partial<RetryOptions>;
  limiter?: Limiter;
  /** Our own estimate of the video's tokens; defaults to the Qwen rule of src/media/vision-tokens.ts. */
  estimateVideoTokens?(video: VideoWork, input: VideoInput): number | null;
}

/** A signed URL this close to expiry is renewed before the model is asked to fetch it. */
const URL_MIN_REMAINING_MS = 15 * 60_000;
/** Output budget for one analysis (the model allows up to 8K). */
const ANALYSIS_MAX_TOKENS = 4096;

/** The duration that timestamps are checked against: the original's, as rendering cuts the original. */
export function analysisDuration(video: VideoWork): number {
  const d = video.probe?.durationSeconds ?? video.compressed?.durationSeconds;
  if (!d || !Number.isFinite(d)) throw new Error(`video ${video.index} has no probed duration`);
  return d;
}

/**
 * Creates the VL analyzer for `config.ai`.
 * Long because it is a factory: the returned object's method closes over the client, limiter and retry settings.
 */
export function createOpenAiAnalyzer(deps: OpenAiAnalyzerDeps): Analyzer {
  const { config, storage, pool, log } = deps;
  const client = deps.client ?? createOpenAiClient(config.ai);
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...deps.retry };
  const model = config.ai.vlModel;

  async function videoInput(video: VideoWork, batch: BatchSettings, durationSeconds: number, signal: AbortSignal): Promise<VideoInput> {
    const request = requestForVideo(video);
    if (storage.publicUrls && video.temp) {
      const fresh = video.temp.expiresAt.getTime() - Date.now() > URL_MIN_REMAINING_MS;
      const url = fresh ? video.temp.url : await storage.signedUrl(video.temp.key, batch.tempUrlExpirySeconds);
      return { kind: 'url', url, request };
    }
    const inputPath = video.compressed?.path ?? video.localPath;
    if (!inputPath) throw new Error(`video ${video.index} has neither a compressed copy nor a local file`);
    const w = video.compressed?.width ?? video.probe?.width;
    const h = video.compressed?.height ?? video.probe?.height;
    const size = w && h ? frameSizeFor(w, h, request.maxPixels) : undefined;
    const sampling = { inputPath, durationSeconds, workDir: video.workDir, name: String(video.index), group: batch.id, fps: request.fps, size };
    const frames = await sampleFrames(sampling, pool, signal);
    if (frames.dataUrls.length === 0) throw new Error(`video ${video.index}: no frames could be extracted`);
    return { kind: 'frames', ...frames, maxPixels: request.maxPixels };
  }

  return {
    kind: 'openai',
    async analyze(video, batch, control: StageControl) {
      const durationSeconds = analysisDuration(video);
      control.onProgress(0.05, 'preparing the video for the model');
      const input = await videoInput(video, batch, durationSeconds, control.signal);
      control.onProgress(0.2, `asking ${model}`);
      log.info({ batchId: batch.id, videoIndex: video.index, model, mode: input.kind, frames: input.kind === 'frames' ? input.dataUrls.length : undefined }, 'VL analysis request');
      const run = () =>
        chatJson({
          client,
          model,
          messages: analysisMessages({ durationSeconds, video: input, transcript: video.transcript, language: batch.language }),
          jsonMode: false, // VL models reject response_format; the prompt asks for JSON
          maxTokens: ANALYSIS_MAX_TOKENS,
          validate: (value) => {
            const r = checkAnalysis(value, durationSeconds);
            return r.ok ? { ok: true, value: r.analysis } : r;
          },
          repairPrompt: (problems) => analysisRepairPrompt(problems, durationSeconds),
          retry,
          signal: control.signal,
          secrets: [config.ai.apiKey],
          operation: `analysis of video ${video.index}`,
          onRetry: (info) => log.warn({ batchId: batch.id, videoIndex: video.index, ...info }, 'VL analysis retry'),
        });
      const result = deps.limiter ? await deps.limiter.run(run, control.signal) : await run();
      const estimated = deps.estimateVideoTokens ? deps.estimateVideoTokens(video, input) : estimateRequestVideoTokens(model, video, input);
      const original = originalVideoTokens(model, video);
      const usage = result.usages.map((u) =>
        usageEntry({
          stage: 'VL_ANALYSIS',
          model,
          usage: u,
          prices: config.ai.prices,
          videoIndex: video.index,
          // The estimate describes the video part, which every request (repair included) carries.
          estimatedVideoTokens: estimated,
          originalVideoTokens: original,
        }),
      );
      control.onProgress(1, 'analysed');
      return { analysis: clampAnalysis(result.value, durationSeconds), usage };
    },
  };
}
