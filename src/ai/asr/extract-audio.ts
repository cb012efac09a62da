/** Extracts a video's audio track to a 16 kHz mono file in the work dir, through the pool. */
import path from 'node:path';
import type { VideoWork } from '../../pipeline/types.js';
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
