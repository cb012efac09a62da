/**
 * Smart render planning (pure): whether a clip's source already has the
 * output's shape, and if so which source packets are copied untouched and
 * which frames at the two edges are re-encoded. Works in frames and decode
 * order, never in rounded seconds (docs/smart-render.md).
 */
import type { ProbeInfo } from '../domain/types.js';
import { clipFrameCount } from './clip-args.js';
import { fpsFraction, type OutputShape } from './output-shape.js';

/** One video packet of the source, in decode order (timestamps in stream ticks). */
export interface SourcePacket {
  pts: number;
  dts: number;
  /** The container marks it as a keyframe (an IDR or a recovery-point I-frame). */
  key: boolean;
  /** Byte offset in the file (-1 when unknown) and size. */
  pos: number;
  size: number;
}

/** The source video stream's parameters that decide whether its packets fit the output. */
export interface SmartStream {
  codec: string;
  profile: string;
  /** level_idc × 10 as ffprobe reports it (40 = level 4.0). */
  level: number;
  pixFmt: string;
  width: number;
  height: number;
  squarePixels: boolean;
  progressive: boolean;
  frameRate: { num: number; den: number };
  timeBase: { num: number; den: number };
  /** max_num_ref_frames of the SPS. */
  refs: number;
  /** Reorder delay in frames (0 without B-frames). */
  hasBFrames: number;
  /** The container's start time; `-ss` counts from it. */
  startSeconds: number;
  /** ffprobe's format name ("mov,mp4,m4a,3gp,3g2,mj2"). */
  container: string;
}

/**
 * A re-encoded edge: decode from `seekSeconds` and encode `frames` frames. A
 * head seeks frame-accurately (half a frame early, decoding from the keyframe
 * before it); a tail starts on its IDR (`onKeyframe`), so it seeks a quarter
 * frame past it without an accurate seek and decodes nothing it does not use.
 */
export interface EdgePart {
  seekSeconds: number;
  frames: number;
  onKeyframe: boolean;
}

/** The copied middle: packets `[first, first + sizes.length)` in decode order, starting at an IDR. */
export interface CopyPart {
  /** Exactly the IDR's time: an input seek lands on that keyframe. */
  seekSeconds: number;
  first: number;
  /** Sizes of the copied packets in decode order: the copy is checked against them. */
  sizes: number[];
  /** Clip frame numbers (display order, 0 = the clip's first) of the IDR pictures the copy starts GOPs at. */
  idrFrames: number[];
}

/** How one clip is rendered smartly. */
export interface SmartClipPlan {
  /** Frames of the whole clip (head + copy + tail), equal to the re-encode path's count. */
  frames: number;
  /** Source stream ticks per frame. */
  frameTicks: number;
  head: EdgePart | null;
  copy: CopyPart;
  tail: EdgePart | null;
}

/** A smart plan, or why the clip is re-encoded whole. */
export type SmartDecision = { smart: true; plan: SmartClipPlan } | { smart: false; reason: string };

const PROFILES: Record<string, string> = { High: 'high', Main: 'main', 'Constrained Baseline': 'baseline' };

/** The same decision from the plain probe alone (before indexing packets); null when it may qualify. */
export function probeIneligibility(probe: ProbeInfo, shape: OutputShape): string | null {
  if (shape.mode !== 'ORIGINAL_QUALITY') return 'the output is recompressed';
  if (probe.videoCodec !== 'h264') return `the source is ${probe.videoCodec}, not H.264`;
  if (!/\b(mov|mp4)\b/.test(probe.formatName)) return `the container ${probe.formatName} is not MP4/MOV`;
  if (probe.rotation !== 0) return 'the source has a rotation to apply';
  if (probe.width !== shape.width || probe.height !== shape.height) return 'the frame size differs from the output';
  return null;
}

/** Why a source cannot be smart-rendered into this output shape, or null when it can. */
export function smartIneligibility(stream: SmartStream, probe: ProbeInfo, shape: OutputShape): string | null {
  const fps = fpsFraction(shape.fps);
  if (shape.mode !== 'ORIGINAL_QUALITY') return 'the output is recompressed';
  if (stream.codec !== 'h264') return `the source is ${stream.codec}, not H.264`;
  if (!/\b(mov|mp4)\b/.test(stream.container)) return `the container ${stream.container} is not MP4/MOV`;
  if (!PROFILES[stream.profile]) return `H.264 profile "${stream.profile}" is not reproducible`;
  if (!(stream.level >= 10)) return `H.264 level ${stream.level} is not reproducible`;
  if (probe.rotation !== 0) return 'the source has a rotation to apply';
  if (stream.width !== shape.width || stream.height !== shape.height) return 'the frame size differs from the output';
  if (stream.pixFmt !== 'yuv420p') return `pixel format ${stream.pixFmt} differs from yuv420p`;
  if (!stream.squarePixels) return 'the pixels are not square';
  if (!stream.progressive) return 'the source is interlaced';
  if (stream.frameRate.num * fps.den !== fps.num * stream.frameRate.den) return 'the frame rate differs from the output';
  return null;
}

/** The x264 profile name for an ffprobe profile (eligible sources only). */
export function x264Profile(stream: SmartStream): string {
  return PROFILES[stream.profile] ?? 'high';
}

/**
 * Decode indices of keyframes where decode order and display order split
 * cleanly: every packet before it is shown before it and every packet from it
 * on is shown from it on. An open-GOP keyframe fails (its leading B-frames come
 * after it but are shown before). The end of the stream counts as one too.
 */
export function cleanCutPoints(packets: SourcePacket[]): number[] {
  const n = packets.length;
  const suffixMin = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = n - 1; i >= 0; i--) suffixMin[i] = Math.min(suffixMin[i + 1]!, packets[i]!.pts);
  const cuts: number[] = [];
  let prefixMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const p = packets[i]!;
    if (p.key && prefixMax < p.pts && suffixMin[i] === p.pts) cuts.push(i);
    prefixMax = Math.max(prefixMax, p.pts);
  }
  cuts.push(n);
  return cuts;
}

/** What planSmartClip needs. */
export interface SmartClipInput {
  stream: SmartStream;
  packets: SourcePacket[];
  start: number;
  end: number;
  shape: Pick<OutputShape, 'fps'>;
  /** Decode indices of packets known to be IDR pictures (copies start only there). */
  idr: ReadonlySet<number>;
}

/**
 * Splits a clip into head, copied middle and tail. The first frame is the
 * first with time ≥ start − 0.5 ms and the count is the re-encode path's, so
 * both paths show the same frames. Falls back (smart: false) whenever one of
 * the facts it relies on does not hold.
 */
export function planSmartClip(input: SmartClipInput): SmartDecision {
  const { stream, packets } = input;
  const tb = stream.timeBase;
  const fr = stream.frameRate;
  const ticksExact = (tb.den * fr.den) / (tb.num * fr.num);
  if (!Number.isInteger(ticksExact)) return { smart: false, reason: 'a frame is not a whole number of time-base ticks' };
  const seconds = (pts: number) => (pts * tb.num) / tb.den - stream.startSeconds;

  const order = packets.map((_, i) => i).sort((a, b) => packets[a]!.pts - packets[b]!.pts);
  const displayOf = new Array<number>(packets.length);
  order.forEach((decodeIndex, display) => (displayOf[decodeIndex] = display));
  const frames = clipFrameCount(input.start, input.end, input.shape);
  const i0 = order.findIndex((d) => seconds(packets[d]!.pts) >= input.start - 0.0005);
  if (i0 < 0 || i0 + frames > order.length) return { smart: false, reason: 'the clip runs past the last frame' };
  for (let k = Math.max(1, i0); k <= Math.min(order.length - 1, i0 + frames); k++) {
    if (packets[order[k]!]!.pts - packets[order[k - 1]!]!.pts !== ticksExact) return { smart: false, reason: 'the frame rate is not constant in the clip' };
  }

  const cutAt = (decodeIndex: number) => (decodeIndex === packets.length ? packets.length : displayOf[decodeIndex]!);
  const cuts = cleanCutPoints(packets).filter((d) => d === packets.length || input.idr.has(d));
  const startCut = cuts.find((d) => cutAt(d) >= i0 && cutAt(d) < i0 + frames);
  const endCut = cuts.filter((d) => cutAt(d) <= i0 + frames).at(-1);
  if (startCut === undefined || endCut === undefined || cutAt(endCut) <= cutAt(startCut)) {
    return { smart: false, reason: 'no whole GOP starting at an IDR lies inside the clip' };
  }
  for (let d = startCut + 1; d < endCut; d++) {
    if (packets[d]!.dts <= packets[d - 1]!.dts) return { smart: false, reason: 'the source has non-increasing decode timestamps' };
  }

  const ka = cutAt(startCut);
  const kb = cutAt(endCut);
  const idrFrames = cuts.filter((d) => d >= startCut && d < endCut).map((d) => cutAt(d) - i0);
  const half = 0.5 / (fr.num / fr.den);
  const timeOf = (display: number) => seconds(packets[order[display]!]!.pts);
  return {
    smart: true,
    plan: {
      frames,
      frameTicks: ticksExact,
      head: ka > i0 ? { seekSeconds: Math.max(0, timeOf(i0) - half), frames: ka - i0, onKeyframe: false } : null,
      copy: { seekSeconds: timeOf(ka), first: startCut, sizes: packets.slice(startCut, endCut).map((p) => p.size), idrFrames },
      tail: kb < i0 + frames ? { seekSeconds: timeOf(kb) + half / 2, frames: i0 + frames - kb, onKeyframe: true } : null,
    },
  };
}
