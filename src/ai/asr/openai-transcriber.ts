/** ASR through an OpenAI-compatible `audio/transcriptions` endpoint (OpenAI, local Whisper servers). */
import { createReadStream } from 'node:fs';
import type OpenAI from 'openai';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { TranscriptSegment } from '../../domain/types.js';
import type { MediaPool } from '../../workers/media-pool.js';
import type { Transcriber } from '../analyzer.js';
import { toModelApiError } from '../model-api-error.js';
import { createOpenAiClient } from '../openai-client.js';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from '../retry.js';
import { transcribeExtractedAudio } from './extract-audio.js';

/** What the OpenAI transcriber needs. */
export interface OpenAiTranscriberDeps {
  config: Config;
  pool: MediaPool;
  log: Logger;
  client?: OpenAI;
  retry?: Partial<RetryOptions>;
}

/** Segments of a verbose_json answer; seconds already. */
export function verboseSegments(response: { segments?: Array<{ start: number; end: number; text: string }> | null }): TranscriptSegment[] {
  return (response.segments ?? [])
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && s.text?.trim())
    .map((s) => ({ start: s.start, end: s.end, text: s.text.trim() }));
}

/** Creates the OpenAI-compatible transcriber. */
export function createOpenAiTranscriber(deps: OpenAiTranscriberDeps): Transcriber {
  const { config, pool, log } = deps;
  const client = deps.client ?? createOpenAiClient(config.ai);
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...deps.retry };
  return {
    transcribe: (video, batch, control) =>
      transcribeExtractedAudio(video, batch, { pool, log }, control, async (audioPath) => {
        control.onProgress(0.3, 'transcribing');
        const response = await withRetry(
          // A fresh stream per attempt: a read stream can be consumed once.
          () =>
            client.audio.transcriptions.create(
              { file: createReadStream(audioPath), model: config.asr.model, response_format: 'verbose_json', timestamp_granularities: ['segment'] },
              { signal: control.signal },
            ),
          { ...retry, signal: control.signal },
        ).catch((err: unknown) => {
          throw toModelApiError(err, `transcription of video ${video.index}`, [config.ai.apiKey]);
        });
        return verboseSegments(response);
      }),
  };
}
