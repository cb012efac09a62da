/**
 * ffmpeg argv for cutting one clip from its original into the render's
 * uniform shape. Pure: tested without running ffmpeg.
 */
import type { ProbeInfo } from '../domain/types.js';
import { fpsFraction, type OutputShape } from './output-shape.js';

/** Audio sample rate of every clip and of the output. */
export const AUDIO_RATE = 48000;

/** What one clip encode needs. */
export interface ClipArgsInput {
  input: string;
  output: string;
  start: number;
  end: number;
  probe: ProbeInfo;
  shape: OutputShape;
}

/**
 * The clip's length in output frames: the requested length rounded to whole
 * frames, so video and audio can both be exactly that long. At least 1.
 */
export function clipFrameCount(start: number, end: number, shape: Pick<OutputShape, 'fps'>): number {
  const { num, den } = fpsFraction(shape.fps);
  return Math.max(1, Math.round(((end - start) * num) / den));
}

/** The clip's exact rendered length in seconds (whole frames). */
export function clipRenderedSeconds(start: number, end: number, shape: Pick<OutputShape, 'fps'>): number {
  const { num, den } = fpsFraction(shape.fps);
  return (clipFrameCount(start, end, shape) * den) / num;
}

/** The video filter chain: fit inside the frame and pad, or fill it and crop the centre (never stretch), square pixels, constant rate. */
export function clipVideoFilter(shape: Pick<OutputShape, 'width' | 'height' | 'fps' | 'fit'>): string {
  const { width: w, height: h } = shape;
  const fill =
    shape.fit === 'CROP'
      ? [`scale=${w}:${h}:force_original_aspect_ratio=increase`, `crop=${w}:${h}:(iw-ow)/2:(ih-oh)/2`]
      : [`scale=${w}:${h}:force_original_aspect_ratio=decrease`, `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`];
  return [
    // Rotation is already applied: ffmpeg autorotates when decoding, so this sees the upright frame.
    ...fill,
    'setsar=1',
    // start_time=0: a source whose first frame after the seek lands mid-slot still fills slot 0,
    // so every clip has exactly its frame count and no leading gap at the join.
    `fps=fps=${shape.fps}:start_time=0`,
    'format=yuv420p',
  ].join(',');
}

/** The audio filter chain: 48 kHz stereo, padded with silence and trimmed to exactly `samples`. */
export function clipAudioFilter(samples: number): string {
  return [
    `aresample=${AUDIO_RATE}`,
    'aformat=sample_fmts=s16:channel_layouts=stereo',
    `apad=whole_len=${samples}`,
    `atrim=end_sample=${samples}`,
  ].join(',');
}

/**
 * The argv after the binary (the runner adds -hide_banner -nostdin -y -progress).
 *
 * `-ss` goes before `-i`: a fast seek, and because the clip is re-encoded the
 * frames between the keyframe and `start` are decoded and dropped, so the first
 * frame is the one at `start`. The length is an output `-t` of a whole number
 * of frames (not an input `-t`, which would end on a source frame boundary).
 *
 * Audio is PCM in a .mov intermediate, not AAC: every AAC stream starts with
 * 1024 priming samples that an mp4 edit list hides; joining with `-c copy`
 * keeps only the first edit list, so each join would gain ~21 ms of audio and
 * drift. The join encodes the PCM to AAC once, continuously.
 *
 * No `-avoid_negative_ts make_zero`: with B-frames it shifts both streams by
 * two frames and the concat demuxer then sees gaps; the mov edit list keeps
 * every clip starting at 0.
 */
export function buildClipArgs(input: ClipArgsInput): string[] {
  const { shape, probe } = input;
  const frames = clipFrameCount(input.start, input.end, shape);
  const { num, den } = fpsFraction(shape.fps);
  const seconds = (frames * den) / num;
  const samples = Math.round(seconds * AUDIO_RATE);
  // Half a millisecond early: a start of k/fps written in decimal must not drop frame k by rounding.
  const seek = Math.max(0, input.start - 0.0005);

  const args = ['-ss', sec(seek), '-i', `file:${input.input}`];
  if (!probe.hasAudio) {
    // A silent track, so every clip has the same streams and sound stays in sync across joins.
    args.push('-f', 'lavfi', '-i', `anullsrc=r=${AUDIO_RATE}:cl=stereo`);
  }
  args.push('-map', '0:v:0', '-map', probe.hasAudio ? '0:a:0' : '1:a:0');
  args.push('-vf', clipVideoFilter(shape), '-af', clipAudioFilter(samples));
  args.push('-t', sec(seconds));
  args.push('-c:v', 'libx264', '-preset', shape.preset, '-profile:v', 'high', '-pix_fmt', 'yuv420p');
  if (shape.videoBitrate) {
    args.push('-b:v', shape.videoBitrate, '-maxrate', shape.videoBitrate, '-bufsize', shape.bufsize ?? shape.videoBitrate);
  } else {
    args.push('-crf', String(shape.crf));
  }
  args.push('-c:a', 'pcm_s16le', '-ar', String(AUDIO_RATE), '-ac', '2');
  args.push('-video_track_timescale', String(shape.timescale));
  // Source metadata (titles, rotation tags, chapters) must not leak into the output.
  args.push('-map_metadata', '-1', '-map_chapters', '-1', '-metadata:s:v:0', 'rotate=0');
  args.push('-f', 'mov', `file:${input.output}`);
  return args;
}

function sec(x: number): string {
  return x.toFixed(6);
}
