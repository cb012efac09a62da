/**
 * ASR through DashScope Paraformer: extract the audio, put it where the service
 * can fetch it (our storage's signed link, or DashScope's temporary upload when
 * local storage has no public address; see audio-route.ts), transcribe by URL.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { Storage } from '../../storage/storage.js';
import type { MediaPool } from '../../workers/media-pool.js';
import type { Transcriber } from '../analyzer.js';
import { toModelApiError } from '../model-api-error.js';
import { DEFAULT_RETRY, type RetryOptions } from '../retry.js';
import { AUDIO_EXT } from './audio-args.js';
import { paraformerAudioRoute } from './audio-route.js';
import { OSS_RESOLVE_HEADER, uploadTemporaryFile } from './dashscope-upload.js';
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
  const route = paraformerAudioRoute(config);
  if ('problem' in route) log.warn(route.problem);
  const viaDashScope = 'route' in route && route.route === 'dashscope-upload';
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...deps.retry };
  const service = { baseUrl: config.asr.dashscopeBaseUrl, apiKey, model: config.asr.model, retry, fetch: deps.fetch };
  /** The URL Paraformer fetches the audio from. */
  const audioUrl = async (audioPath: string, batchId: string, index: number, expirySeconds: number, signal: AbortSignal): Promise<string> => {
    if (viaDashScope) return uploadTemporaryFile(audioPath, service, signal);
    const key = audioKey(batchId, index);
    await storage.putFile(key, audioPath, { contentType: 'audio/mp4', signal });
    return storage.signedUrl(key, expirySeconds);
  };
  return {
    transcribe: (video, batch, control) =>
      transcribeExtractedAudio(video, batch, { pool, log }, control, async (audioPath) => {
        const url = await audioUrl(audioPath, batch.id, video.index, batch.tempUrlExpirySeconds, control.signal).catch((err: unknown) => {
          throw toModelApiError(err, `upload of video ${video.index}'s audio`, [apiKey]);
        });
        control.onProgress(0.3, 'transcribing');
        const submitHeaders = viaDashScope ? { [OSS_RESOLVE_HEADER]: 'enable' } : undefined;
        return transcribeUrl(url, { ...service, pollIntervalMs: config.asr.pollIntervalMs, submitHeaders }, control.signal).catch((err: unknown) => {
          throw toModelApiError(err, `transcription of video ${video.index}`, [apiKey]);
        });
      }),
  };
}
