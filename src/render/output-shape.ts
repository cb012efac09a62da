/**
 * Picks the one frame size, frame rate and encoder settings every clip of a
 * render is encoded with, so the join can copy the video without re-encoding.
 */
import type { OutputMode } from '../domain/statuses.js';
import type { OutputSettings, PlanClip, ProbeInfo } from '../domain/types.js';
import { aspectFrame, type OutputFit } from './aspect.js';

/** The uniform shape of every clip of one render. */
export interface OutputShape {
  mode: OutputMode;
  width: number;
  height: number;
  /** ffmpeg frame rate: an integer ("30") or an NTSC rational ("30000/1001"). */
  fps: string;
  /** The same rate as a number, for arithmetic. */
  fpsValue: number;
  /** RECOMPRESS: target video bitrate (`-b:v`, `-maxrate`); null for ORIGINAL_QUALITY (CRF). */
  videoBitrate: string | null;
  /** RECOMPRESS: rate-control buffer (`-bufsize`), two seconds of the target; else null. */
  bufsize: string | null;
  /** x264 CRF for ORIGINAL_QUALITY (ignored when videoBitrate is set). */
  crf: number;
  /** x264 preset. */
  preset: string;
  audioBitrate: string;
  /** mp4/mov video track timescale: the same for every clip, and a whole number of ticks per frame. */
  timescale: number;
  /** How a source of another shape fills the frame; absent: PAD. */
  fit?: OutputFit;
}

/** A source video as the shape chooser sees it. */
export interface ShapeSource {
  index: number;
  probe: ProbeInfo;
}

/** x264 CRF 18 is the usual "visually lossless" point for 8-bit H.264. */
export const ORIGINAL_CRF = 18;
/**
 * At a fixed CRF the preset mostly trades encode time for file size, not for
 * quality; `fast` is about 1.5× quicker than `medium` for a few % more bytes,
 * which suits 2–5 minutes of output on small machines.
 */
export const ORIGINAL_PRESET = 'fast';
/** RECOMPRESS is a bitrate target; `medium` spends the bits better. */
export const RECOMPRESS_PRESET = 'medium';
/** CRF reported for RECOMPRESS (unused by the encoder: the bitrate drives it). */
export const RECOMPRESS_CRF = 23;

const MAX_FPS = 60;
const RESOLUTIONS: Record<string, number> = { '480p': 480, '720p': 720, '1080p': 1080, '1440p': 1440, '2160p': 2160 };

/** Chooses the output shape of a render (docs/architecture.md, "Contracts"). Throws when a clip's source has no probe. */
export function chooseOutputShape(input: { clips: PlanClip[]; videos: ShapeSource[]; output: OutputSettings }): OutputShape {
  const { clips, videos, output } = input;
  if (clips.length === 0) throw new Error('a plan without clips cannot be rendered');
  const probeOf = (index: number): ProbeInfo => {
    const v = videos.find((x) => x.index === index);
    if (!v) throw new Error(`video ${index} has no probe data`);
    return v.probe;
  };
  const dominant = probeOf(dominantVideoIndex(clips));

  if (output.mode === 'RECOMPRESS') {
    const short = RESOLUTIONS[output.resolution];
    if (!short) throw new Error(`unknown resolution "${output.resolution}" (use ${Object.keys(RESOLUTIONS).join(', ')})`);
    const bits = parseBitrate(output.bitrate);
    const portrait = dominant.height > dominant.width;
    const dLong = Math.max(dominant.width, dominant.height);
    const dShort = Math.min(dominant.width, dominant.height);
    // The long side follows the dominant source's aspect ratio (16:9 → 1280×720 for 720p).
    const long = Math.max(short, 2 * Math.round((short * dLong) / dShort / 2));
    const fps = normalizeFps(output.fps);
    const frame = aspectFrame(output.aspect, short);
    return {
      mode: 'RECOMPRESS',
      width: frame?.width ?? (portrait ? short : long),
      height: frame?.height ?? (portrait ? long : short),
      fit: output.fit ?? 'PAD',
      ...fps,
      videoBitrate: output.bitrate,
      bufsize: `${Math.round((2 * bits) / 1000)}k`,
      crf: RECOMPRESS_CRF,
      preset: RECOMPRESS_PRESET,
      audioBitrate: '128k',
      timescale: timescaleFor(fps.fps),
    };
  }

  const maxFps = Math.max(...clips.map((c) => probeOf(c.videoIndex).fps));
  const fps = normalizeFps(maxFps);
  // A fixed aspect keeps the dominant source's shorter side: 1920×1080 as PORTRAIT is 1080×1920.
  const frame = aspectFrame(output.aspect, Math.min(dominant.width, dominant.height));
  return {
    mode: 'ORIGINAL_QUALITY',
    // Round down to even: yuv420p needs it, and rounding down never upscales.
    width: frame?.width ?? Math.max(2, dominant.width - (dominant.width % 2)),
    height: frame?.height ?? Math.max(2, dominant.height - (dominant.height % 2)),
    fit: output.fit ?? 'PAD',
    ...fps,
    videoBitrate: null,
    bufsize: null,
    crf: ORIGINAL_CRF,
    preset: ORIGINAL_PRESET,
    audioBitrate: '192k',
    timescale: timescaleFor(fps.fps),
  };
}

/** The video contributing most running time to the plan; ties go to the first in plan order. */
export function dominantVideoIndex(clips: PlanClip[]): number {
  const total = new Map<number, number>();
  for (const c of clips) total.set(c.videoIndex, (total.get(c.videoIndex) ?? 0) + (c.end - c.start));
  let best = clips[0]!.videoIndex;
  // Map iteration follows first insertion, i.e. plan order; `>` keeps the earlier one on ties.
  for (const [index, seconds] of total) if (seconds > total.get(best)! + 1e-9) best = index;
  return best;
}

/**
 * A probed frame rate as ffmpeg should get it, capped at 60. NTSC rates
 * (23.976, 29.97, 59.94) stay exact rationals so that no frame is dropped or
 * duplicated every 33 s; anything else rounds to the nearest integer (a
 * variable-rate phone video reporting 29.87 becomes 30).
 */
export function normalizeFps(fps: number): { fps: string; fpsValue: number } {
  if (!Number.isFinite(fps) || fps <= 0) return { fps: '30', fpsValue: 30 };
  if (fps >= MAX_FPS) return { fps: String(MAX_FPS), fpsValue: MAX_FPS };
  for (const k of [24, 30, 60]) {
    const ntsc = (k * 1000) / 1001;
    if (Math.abs(fps - ntsc) < 0.01) return { fps: `${k * 1000}/1001`, fpsValue: ntsc };
  }
  const n = Math.max(1, Math.round(fps));
  return { fps: String(n), fpsValue: n };
}

/** A frame rate string as numerator and denominator. */
export function fpsFraction(fps: string): { num: number; den: number } {
  const [num, den] = fps.split('/').map(Number);
  return { num: num!, den: den ?? 1 };
}

/** 90000 (the MPEG clock) when it gives whole ticks per frame, else the least multiple of it that does. */
export function timescaleFor(fps: string): number {
  const { num, den } = fpsFraction(fps);
  let ts = 90000;
  while ((ts * den) % num !== 0) ts += 90000;
  return ts;
}

/** "800k", "8M", "5000000" → bits per second. */
export function parseBitrate(bitrate: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(bitrate.trim());
  if (!m) throw new Error(`bitrate "${bitrate}" is not like 800k or 8M`);
  const unit = m[2]!.toLowerCase() === 'm' ? 1e6 : m[2] ? 1e3 : 1;
  return Number(m[1]) * unit;
}
