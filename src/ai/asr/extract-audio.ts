/** Extracts a video's audio track to a 16 kHz mono file in the work dir, through the pool. */
import path from 'node:path';
import { rm } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { BatchSettings, StageControl, TranscriptSegment, UsageEntry, VideoWork } from '../../domain/types.js';
import type { MediaPool } from '../../workers/media-pool.js';
import { AUDIO_EXT, audioExtractArgs } from './audio-args.js';

/** True when the video has an audio track to transcribe. */
export function hasAudioTrack(video: VideoWork): boolean {
  return video.compressed?.hasAudio ?? video.probe?.hasAudio ?? false;
}

/** Writes `${workDir}/audio_${index}.m4a` from the compressed copy (else the original); returns its path. */
export async function extractAudio(video: VideoWork, pool: MediaPool, options: { signal?: AbortSignal; group?: string } = {}): Promise<string> {
  const inputPath = video.compressed?.path ?? video.localPath;
  if (!inputPath) throw new Error(`video ${video.index} has neither a compressed copy nor a local file`);
  const outputPath = path.join(video.workDir, `audio_${video.index}.${AUDIO_EXT}`);
  await pool.ffmpeg(
    {
      args: audioExtractArgs({ inputPath, outputPath }),
      inputDurationSeconds: video.probe?.durationSeconds ?? video.compressed?.durationSeconds,
      cleanupPaths: [outputPath],
      group: options.group,
    },
    { signal: options.signal },
  );
  return outputPath;
}

/**
 * The shape every transcriber shares: no audio → no segments; otherwise
 * extract the audio, hand its path to `transcribe`, log, and always delete the
 * extracted file.
 */
export async function transcribeExtractedAudio(
  video: VideoWork,
  batch: BatchSettings,
  deps: { pool: MediaPool; log: Logger },
  control: StageControl,
  transcribe: (audioPath: string) => Promise<TranscriptSegment[]>,
): Promise<{ segments: TranscriptSegment[]; usage: UsageEntry[] }> {
  if (!hasAudioTrack(video)) return { segments: [], usage: [] };
  control.onProgress(0, 'extracting audio');
  const audioPath = await extractAudio(video, deps.pool, { signal: control.signal, group: batch.id });
  try {
    const segments = await transcribe(audioPath);
    deps.log.info({ batchId: batch.id, videoIndex: video.index, segments: segments.length }, 'transcribed');
    control.onProgress(1, 'transcribed');
    // Both services bill by audio time, not tokens: nothing to add to the token usage.
    return { segments, usage: [] };
  } finally {
    await rm(audioPath, { force: true });
  }
}
