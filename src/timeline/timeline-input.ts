/** What every timeline format is made from: the plan's clips as frame ranges of the original files. */
import { frameAt, rateOf, type Rate } from './timecode.js';

/** A source file as the timeline references it. */
export interface TimelineSource {
  index: number;
  /** A file:// URL of the original (LOCAL) or its remote URL. */
  url: string;
  /** File name shown in the editor. */
  name: string;
  fps: number;
  durationSeconds: number;
  width: number;
  height: number;
  hasAudio: boolean;
}

/** One clip, in frames of its own source. */
export interface TimelineClip {
  position: number;
  source: TimelineSource;
  rate: Rate;
  /** First frame in, and the frame after the last (exclusive), in the source's frames. */
  inFrame: number;
  outFrame: number;
  reason: string;
}

/** The whole timeline. */
export interface Timeline {
  name: string;
  /** The sequence rate: the first clip's source rate. */
  rate: Rate;
  clips: TimelineClip[];
}

/** Plan clips (seconds) → clips in source frames; a clip shorter than a frame keeps one. */
export function buildTimeline(name: string, clips: ReadonlyArray<{ videoIndex: number; start: number; end: number; reason: string }>, sources: readonly TimelineSource[]): Timeline {
  const byIndex = new Map(sources.map((s) => [s.index, s]));
  const out = clips.map((c, position): TimelineClip => {
    const source = byIndex.get(c.videoIndex);
    if (!source) throw new Error(`clip ${position}: video ${c.videoIndex} is not in this batch`);
    const rate = rateOf(source.fps);
    const inFrame = frameAt(c.start, rate);
    return { position, source, rate, inFrame, outFrame: Math.max(inFrame + 1, frameAt(c.end, rate)), reason: c.reason };
  });
  if (!out.length) throw new Error('a plan without clips has no timeline');
  return { name, rate: out[0]!.rate, clips: out };
}
