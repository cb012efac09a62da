/** Picks the analyzer, planner and transcriber for the configuration. */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { MediaTools } from '../workers/ffmpeg/resolve.js';
import type { Storage } from '../storage/storage.js';
import type { MediaPool } from '../workers/media-pool.js';
import type { Analyzer, Planner, Transcriber } from './analyzer.js';
import { createOpenAiTranscriber } from './asr/openai-transcriber.js';
import { createParaformerTranscriber } from './asr/paraformer-transcriber.js';
import { createLimiter } from '../domain/limiter.js';
import { createOfflineAnalyzer } from './offline-analyzer.js';
import { createOfflinePlanner } from './offline-planner.js';
import { createOpenAiAnalyzer } from './openai-analyzer.js';
import { createOpenAiClient } from './openai-client.js';
import { createOpenAiPlanner } from './openai-planner.js';

/** What createAi needs. */
export interface CreateAiDeps {
  config: Config;
  storage: Storage;
  pool: MediaPool;
  tools: MediaTools;
  log: Logger;
}

/** The AI services for StageDeps. */
export interface AiServices {
  analyzer: Analyzer;
  planner: Planner;
  transcriber: Transcriber | null;
}

/**
 * `config.ai.analyzer` 'openai' → the VL analyzer and the AI planner (sharing
 * one client and one concurrency limit of `config.ai.concurrency` calls);
 * 'offline' → the ffmpeg-only analyzer and the offline planner. The
 * transcriber follows `config.asr.provider` ('none' → null). Batches with
 * enableVlAnalysis=false use the offline pair; the stages decide that.
 */
export function createAi(deps: CreateAiDeps): AiServices {
  const { config, log } = deps;
  const transcriber = createTranscriber(deps);
  if (config.ai.analyzer === 'offline' || !config.ai.apiKey) {
    return { analyzer: createOfflineAnalyzer({ pool: deps.pool, log }), planner: createOfflinePlanner(), transcriber };
  }
  const client = createOpenAiClient(config.ai);
  const limiter = createLimiter(config.ai.concurrency);
  return {
    analyzer: createOpenAiAnalyzer({ ...deps, client, limiter }),
    planner: createOpenAiPlanner({ config, log, client, limiter }),
    transcriber,
  };
}

function createTranscriber(deps: CreateAiDeps): Transcriber | null {
  const { config } = deps;
  switch (config.asr.provider) {
    case 'paraformer':
      return config.ai.apiKey ? createParaformerTranscriber(deps) : null;
    case 'openai':
      return config.ai.apiKey ? createOpenAiTranscriber({ config, pool: deps.pool, log: deps.log }) : null;
    default:
      return null;
  }
}
