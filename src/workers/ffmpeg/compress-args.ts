/**
 * ffmpeg arguments for the compressed copy the model watches: H.264 at a CRF
 * with the profile's bitrate as a ceiling, shorter side capped (never
 * upscaled), fps capped (never raised), AAC only when the source has audio.
 */
import path from 'node:path';
import type { ProfileSettings } from '../../media/profiles.js';
import type { ProbeInfo } from '../../domain/types.js';

/** What the compressed copy is built from. */
export interface CompressArgsInput {
  /** Absolute path of the original (always a local file). */
  input: string;
  /** Absolute path to write; the container is forced to MP4 so a temp name may have any extension. */
  output: string;
  profile: ProfileSettings;
  /** durationSeconds, when known, caps what is encoded. */
  probe: Pick<ProbeInfo, 'width' | 'height' | 'fps' | 'hasAudio'> & { durationSeconds?: number };
}

/** Output size: the shorter side capped at `maxShortSide`, aspect kept, never upscaled, both sides even. */
export function targetDimensions(width: number, height: number, maxShortSide: number): { width: number; height: number } {
  const short = Math.min(width, height);
  const scale = short > maxShortSide ? maxShortSide / short : 1;
  // Even sides are required by yuv420p; rounding to the nearest even keeps the aspect closest.
  const even = (n: number) => Math.max(2, 2 * Math.round((n * scale) / 2));
  // Never round up past the source: that would be a (tiny) upscale.
  const clampEven = (n: number) => Math.min(even(n), n - (n % 2));
  return { width: clampEven(width), height: clampEven(height) };
}

/** Output frame rate: the profile's cap when the source is faster, else null (keep the source's). */
export function targetFps(sourceFps: number, capFps: number): number | null {
  // Unknown fps (0/NaN): an fps filter could duplicate frames, i.e. raise the rate, so leave it alone.
  if (!Number.isFinite(sourceFps) || sourceFps <= 0) return null;
  // 0.01 tolerance: a 23.976 source is not "faster" than a 24 cap.
  return sourceFps > capFps + 0.01 ? capFps : null;
}

/** The video filter chain, or null when the frames pass through unchanged. */
export function compressFilter(input: Pick<CompressArgsInput, 'profile' | 'probe'>): string | null {
  const { profile, probe } = input;
  const filters: string[] = [];
  const fps = targetFps(probe.fps, profile.fps);
  // Drop frames before scaling: fewer frames to scale.
  if (fps !== null) filters.push(`fps=${fps}`);
  const size = targetDimensions(probe.width, probe.height, profile.maxShortSide);
  if (size.width !== probe.width || size.height !== probe.height) filters.push(`scale=${size.width}:${size.height}`);
  return filters.length ? filters.join(',') : null;
}

/** Builds the argv (after the binary and the runner's global flags) for one compression. */
export function buildCompressArgs(input: CompressArgsInput): string[] {
  const { profile, probe } = input;
  for (const p of [input.input, input.output]) {
    // A relative name could start with "-" or look like "proto:..."; absolute paths cannot.
    if (!path.isAbsolute(p)) throw new Error(`buildCompressArgs needs absolute paths, got "${p}"`);
  }
  const args: string[] = ['-protocol_whitelist', 'file', '-i', input.input, '-map', '0:v:0'];
  if (probe.hasAudio) args.push('-map', '0:a:0?');

  const filter = compressFilter(input);
  if (filter) args.push('-vf', filter);
  const kbps = profile.videoBitrateKbps;
  args.push(
    '-c:v', 'libx264',
    '-preset', profile.preset,
    '-crf', String(profile.crf),
    // CRF sets quality; maxrate/bufsize (two seconds of the ceiling) keep busy scenes under the profile's bitrate.
    '-maxrate', `${kbps}k`,
    '-bufsize', `${kbps * 2}k`,
    '-pix_fmt', 'yuv420p',
  );

  if (probe.hasAudio) {
    args.push('-c:a', 'aac', '-b:a', `${profile.audioBitrateKbps}k`, '-ar', String(profile.sampleRate));
  } else {
    args.push('-an');
  }

  args.push(
    // Encode at most what the probe announced: a container whose header understates its length
    // (5 s announced, 900 s of frames) must not slip past MAX_VIDEO_SECONDS.
    ...(probe.durationSeconds && probe.durationSeconds > 0 ? ['-t', String(Math.round(probe.durationSeconds * 1000) / 1000)] : []),
    '-sn',
    '-dn',
    // Sparse audio or late streams otherwise fail with "Too many packets buffered".
    '-max_muxing_queue_size', '1024',
    '-movflags', '+faststart',
    '-f', 'mp4',
    input.output,
  );
  return args;
}
