/**
 * ffmpeg argv for the parts of a smart-rendered clip: the re-encoded edges
 * (settings matched to the source stream), the stream-copied middle, the
 * clip's audio, their assembly, and the decode check. Pure.
 */
import { AUDIO_RATE, clipAudioFilter, clipRenderedSeconds } from './clip-args.js';
import type { ProbeInfo } from '../domain/types.js';
import type { OutputShape } from './output-shape.js';
import { x264Profile, type CopyPart, type EdgePart, type SmartStream } from './smart-plan.js';

/**
 * Edge quality: a notch above the output's CRF 18, because an edge is a second
 * generation of the source's frames and must stay within sight of them
 * (≥ 45 dB PSNR); edges are short, so the extra bytes are few.
 */
export const EDGE_CRF = 14;
/**
 * Edge preset: `veryfast` takes about half the CPU of the output's `fast` on
 * 1080p edges; at CRF 14 the edges stay ≥ 45 dB from the source frames (the
 * preset changes how x264 searches, not the SPS the joins depend on: profile,
 * level, references, reorder depth, entropy coding and 8×8 are set below).
 */
export const EDGE_PRESET = 'veryfast';

/** Encoder settings that make the edges decode like the copied stream. */
export interface EdgeEncoder {
  profile: string;
  /** "4.0", "3.1". */
  level: string;
  refs: number;
  bframes: number;
  /** x264-params that reproduce the source's reference structure and entropy coding. */
  params: string[];
}

const PYRAMID = ['none', 'strict', 'normal'];

/**
 * Matches the source's SPS-level values: profile, level, reference count and
 * reorder depth (B-frames and pyramid). From an x264 source's settings string
 * when there is one (then CABAC, 8×8 transform and weighting match too),
 * else from the stream's reorder delay.
 */
export function edgeEncoder(stream: SmartStream, x264: Record<string, string> | null): EdgeEncoder {
  const level = (stream.level / 10).toFixed(1);
  const int = (k: string) => (x264 && /^\d+$/.test(x264[k] ?? '') ? Number(x264[k]) : null);
  const params = ['open-gop=0'];
  let bframes: number;
  let pyramid: string;
  let refs = Math.max(1, stream.refs);
  if (x264 && int('bframes') !== null) {
    bframes = int('bframes')!;
    pyramid = PYRAMID[int('b_pyramid') ?? 0] ?? 'none';
    refs = int('ref') ?? refs;
    for (const [key, name] of [['cabac', 'cabac'], ['8x8dct', '8x8dct'], ['weightb', 'weightb'], ['weightp', 'weightp'], ['keyint', 'keyint']] as const) {
      if (int(key) !== null) params.push(`${name}=${int(key)}`);
    }
  } else {
    bframes = stream.hasBFrames === 0 ? 0 : stream.hasBFrames === 1 ? 1 : 3;
    pyramid = stream.hasBFrames >= 2 ? 'normal' : 'none';
  }
  params.push(`b-pyramid=${pyramid}`);
  return { profile: x264Profile(stream), level, refs, bframes, params };
}

/**
 * The argv for one re-encoded edge: exactly `edge.frames` frames, no audio. A
 * head seeks frame-accurately; a tail lands on its IDR and keeps every frame from it.
 */
export function buildEdgeArgs(input: { source: string; output: string; edge: EdgePart; encoder: EdgeEncoder; shape: OutputShape }): string[] {
  const { edge, encoder, shape } = input;
  return [
    ...(edge.onKeyframe ? ['-noaccurate_seek'] : []),
    '-ss', sec(edge.seekSeconds),
    // The source has no rotation (or it would not qualify); never let a stray tag turn the edge.
    '-noautorotate',
    '-i', `file:${input.source}`,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-vf', 'setpts=PTS-STARTPTS',
    '-fps_mode', 'passthrough',
    '-frames:v', String(edge.frames),
    '-c:v', 'libx264', '-preset', EDGE_PRESET, '-crf', String(EDGE_CRF),
    '-profile:v', encoder.profile, '-level:v', encoder.level,
    '-refs', String(encoder.refs), '-bf', String(encoder.bframes),
    '-x264-params', encoder.params.join(':'),
    '-pix_fmt', 'yuv420p',
    '-video_track_timescale', String(shape.timescale),
    '-map_metadata', '-1', '-map_chapters', '-1',
    '-f', 'mov', `file:${input.output}`,
  ];
}

/** The argv that copies the middle's packets untouched: seek onto the IDR, take exactly that many packets. */
export function buildCopyArgs(input: { source: string; output: string; copy: CopyPart; shape: OutputShape }): string[] {
  return [
    '-ss', sec(input.copy.seekSeconds),
    '-i', `file:${input.source}`,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    '-c:v', 'copy',
    '-frames:v', String(input.copy.sizes.length),
    '-video_track_timescale', String(input.shape.timescale),
    '-map_metadata', '-1', '-map_chapters', '-1',
    '-f', 'mov', `file:${input.output}`,
  ];
}

/**
 * The concat list of a clip's video parts with exact `duration` lines: without
 * them the demuxer uses each part's rounded container duration and the next
 * part's timestamps drift by a few ticks.
 */
export function partsListContent(parts: Array<{ path: string; frames: number }>, fps: { num: number; den: number }): string {
  return parts
    .map((p) => {
      if (/[\r\n]/.test(p.path)) throw new Error(`part path contains a line break: ${JSON.stringify(p.path)}`);
      return `file '${p.path.replaceAll("'", "'\\''")}'\nduration ${((p.frames * fps.den) / fps.num).toFixed(6)}\n`;
    })
    .join('');
}

/**
 * The argv that joins the video parts into one clip file and adds the clip's
 * audio from the source as PCM: the same seek and sample count as the
 * re-encode path (silence for a silent source). The demuxer's automatic
 * h264_mp4toannexb puts each part's own SPS/PPS in-band before its IDR, so
 * every decoder gets the right parameter sets at each join even where the
 * edges' sets differ from the source's.
 */
export function buildAssembleArgs(input: { listPath: string; source: string; start: number; end: number; probe: ProbeInfo; output: string; shape: OutputShape }): string[] {
  const samples = Math.round(clipRenderedSeconds(input.start, input.end, input.shape) * AUDIO_RATE);
  const args = [
    '-f', 'concat', '-safe', '0', '-protocol_whitelist', 'file,pipe',
    '-i', `file:${input.listPath}`,
    '-ss', sec(Math.max(0, input.start - 0.0005)), '-i', `file:${input.source}`,
  ];
  if (!input.probe.hasAudio) args.push('-f', 'lavfi', '-i', `anullsrc=r=${AUDIO_RATE}:cl=stereo`);
  args.push('-map', '0:v:0', '-map', input.probe.hasAudio ? '1:a:0' : '2:a:0', '-sn', '-dn');
  // The filter pads and trims the audio to exactly the clip's samples; the video is the parts' packets.
  args.push('-c:v', 'copy', '-af', clipAudioFilter(samples), '-c:a', 'pcm_s16le', '-ar', String(AUDIO_RATE), '-ac', '2');
  args.push('-video_track_timescale', String(input.shape.timescale));
  args.push('-map_metadata', '-1', '-map_chapters', '-1', '-f', 'mov', `file:${input.output}`);
  return args;
}

/** A stretch of a file to decode: from a keyframe at `start` s, for `seconds` (null: to the end). */
export interface DecodeRange {
  start: number;
  seconds: number | null;
}

/**
 * The argv that decodes a file's video and reports only errors (an exact clip
 * prints nothing): the whole file, or only `ranges` (each its own input, all
 * decoded by one ffmpeg). A range starts by seeking onto a keyframe.
 */
export function buildDecodeCheckArgs(file: string, ranges?: DecodeRange[]): string[] {
  if (!ranges) return ['-v', 'error', '-i', `file:${file}`, '-map', '0:v:0', '-f', 'null', '-'];
  const args = ['-v', 'error'];
  for (const r of ranges) {
    if (r.start > 0) args.push('-noaccurate_seek', '-ss', sec(r.start));
    if (r.seconds !== null) args.push('-t', sec(r.seconds));
    args.push('-i', `file:${file}`);
  }
  ranges.forEach((_, i) => args.push('-map', `${i}:v:0`));
  return [...args, '-f', 'null', '-'];
}

function sec(x: number): string {
  return x.toFixed(6);
}
