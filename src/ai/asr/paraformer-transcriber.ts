/** ASR through DashScope Paraformer: extract audio, upload it to temp storage, sign it, transcribe by URL. */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Storage } from '../../storage/storage.js';
import type { MediaPool } from '../../workers/media-pool.js';
import type { Transcriber } from '../analyzer.js';
import { toModelApiError } from '../model-api-error.js';
import { DEFAULT_RETRY, type RetryOptions } from '../retry.js';
import { AUDIO_EXT } from './audio-args.js';
import { transcribeExtractedAudio } from './extract-audio.js';
import { transcribeUrl } from './paraformer-client.js';

/** What the Paraformer transcriber needs. */
export interface ParaformerTranscriberDeps {
  config: Config;
  storage: Storage;
  pool: MediaPool;
  log: Logger;
  fetch?: typeof fetch;
  retry?: Partial<RetryOptions>;
}

/** The storage key of a video's extracted audio (beside its compressed copy, removed with it). */
export function audioKey(batchId: string, index: number): string {
  return `temp-compressed/${batchId}/audio_${index}.${AUDIO_EXT}`;
}

/** Creates the Paraformer transcriber. */
export function createParaformerTranscriber(deps: ParaformerTranscriberDeps): Transcriber {
  const { config, storage, pool, log } = deps;
  const apiKey = config.ai.apiKey;
  if (!apiKey) throw new Error('ASR_PROVIDER=paraformer needs AI_API_KEY (or DASHSCOPE_API_KEY)');
  if (!storage.publicUrls) log.warn('ASR_PROVIDER=paraformer with storage whose links the service cannot reach: transcription will likely fail');
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...deps.retry };
  return {
    transcribe: (video, batch, control) =>
      transcribeExtractedAudio(video, batch, { pool, log }, control, async (audioPath) => {
        const key = audioKey(batch.id, video.index);
        await storage.putFile(key, audioPath, { contentType: 'audio/mp4', signal: control.signal });
        const url = await storage.signedUrl(key, batch.tempUrlExpirySeconds);
        control.onProgress(0.3, 'transcribing');
        return transcribeUrl(
          url,
          { baseUrl: config.asr.dashscopeBaseUrl, apiKey, model: config.asr.model, pollIntervalMs: config.asr.pollIntervalMs, retry, fetch: deps.fetch },
          control.signal,
        ).catch((err: unknown) => {
          throw toModelApiError(err, `transcription of video ${video.index}`, [apiKey]);
        });
      }),
  };
}
