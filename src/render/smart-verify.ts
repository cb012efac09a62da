/**
 * Proves a smart-rendered clip before it is used, mostly without decoding:
 * the clip has the planned frame count; decode timestamps rise by exactly one
 * frame (no 1-tick samples from a muxer fix-up) and presentation steps are
 * uniform; the copied packets are the source's bytes with the source's own
 * parameter sets in-band; each edge starts with its own parameter sets
 * in-band; and what was re-encoded decodes without a single error, the head
 * together with the copy it joins. Returns why it is not exact, or null.
 */
import { probePacketIndex, type VideoIndex } from '../workers/ffmpeg/packets.js';
import { readAvcConfig, type AvcConfig } from './avcc.js';
import { fpsFraction, type OutputShape } from './output-shape.js';
import { buildDecodeCheckArgs, type DecodeRange } from './smart-args.js';
import { copiedPacketsProblem, partStartProblem } from './smart-bytes.js';
import type { SmartClipPlan } from './smart-plan.js';
import type { SmartClipJob, SmartRunDeps } from './smart-job.js';

/** Uniform steps of `step` ticks, or a description of the first that is not. */
export function stepProblem(values: number[], step: number, what: string): string | null {
  for (let i = 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    if (d !== step) return `${what} step ${d} at frame ${i} (expected ${step})`;
  }
  return null;
}

/** Frames of the copy decoded after the head, to see the decoder take the join. */
export const JOIN_CHECK_FRAMES = 8;

/**
 * What the decode check reads: the head with the first frames of the copy
 * after it, and the tail from its IDR (where a seeking player starts too).
 * Everything else is the source's bytes from an IDR on with the source's own
 * parameter sets, proven by `copiedPacketsProblem`: it decodes as the source
 * does, and nothing before an IDR depends on what comes after it. Null:
 * nothing was re-encoded, nothing to decode.
 */
export function decodeRanges(plan: SmartClipPlan, fps: { num: number; den: number }): DecodeRange[] | null | 'all' {
  const at = (frame: number) => (frame * fps.den) / fps.num;
  if (!plan.head && !plan.tail) return null;
  const headEnd = (plan.head?.frames ?? 0) + JOIN_CHECK_FRAMES;
  const tailStart = plan.frames - (plan.tail?.frames ?? 0);
  if (plan.head && plan.tail && headEnd >= tailStart) return 'all';
  const ranges: DecodeRange[] = [];
  if (plan.head) ranges.push({ start: 0, seconds: at(headEnd) });
  // A quarter frame past the IDR: the seek lands on it, never on the keyframe before.
  if (plan.tail) ranges.push({ start: at(tailStart + 0.25), seconds: null });
  return ranges;
}

/** What the check compares the clip with. */
export interface ClipEvidence {
  job: SmartClipJob;
  plan: SmartClipPlan;
  shape: OutputShape;
  source: { index: VideoIndex; config: AvcConfig };
  /** The edge part files (their avcC is what their first packet must carry). */
  headPath: string | null;
  tailPath: string | null;
  deps: SmartRunDeps;
}

/** Checks the assembled clip; null when every check passes. */
export async function checkAssembledClip(input: ClipEvidence): Promise<string | null> {
  const { job, plan, shape, deps } = input;
  const clip = await probePacketIndex(deps.ffprobePath, job.output, deps.signal);
  if (!clip) return 'the assembled clip could not be read';
  if (clip.packets.length !== plan.frames) return `the clip has ${clip.packets.length} frames, the plan ${plan.frames}`;
  const fps = fpsFraction(shape.fps);
  const tb = clip.stream.timeBase;
  const ticks = (tb.den * fps.den) / (tb.num * fps.num);
  const problem =
    stepProblem(clip.packets.map((p) => p.dts), ticks, 'decode timestamp') ??
    stepProblem(clip.packets.map((p) => p.pts).sort((a, b) => a - b), ticks, 'presentation timestamp');
  if (problem) return problem;

  const bytes = await bytesProblem(input, clip);
  if (bytes) return bytes;

  const ranges = decodeRanges(plan, fps);
  if (ranges === null) return null;
  const args = buildDecodeCheckArgs(job.output, ranges === 'all' ? undefined : ranges);
  const result = await deps.pool.ffmpeg({ args, inputDurationSeconds: (plan.frames * fps.den) / fps.num, group: deps.group }, { signal: deps.signal });
  const errors = result.stderrTail.trim();
  return errors ? `the clip does not decode cleanly: ${errors.split('\n')[0]}` : null;
}

/** The copied packets against the source's, and each edge's first packet against its own avcC. */
async function bytesProblem(input: ClipEvidence, clip: VideoIndex): Promise<string | null> {
  const { job, plan, source } = input;
  const clipConfig = await readAvcConfig(job.output);
  if (!clipConfig) return 'the assembled clip has no readable avcC';
  const headFrames = plan.head?.frames ?? 0;
  const copied = plan.copy.sizes.length;
  const copy = await copiedPacketsProblem({
    sourceFile: job.source,
    sourcePackets: source.index.packets.slice(plan.copy.first, plan.copy.first + copied),
    sourceConfig: source.config,
    clipFile: job.output,
    clipPackets: clip.packets,
    clipConfig,
    offset: headFrames,
  });
  if (copy) return copy;
  for (const [name, path, index] of [['head', input.headPath, 0], ['tail', input.tailPath, headFrames + copied]] as const) {
    if (!path) continue;
    const config = await readAvcConfig(path);
    if (!config) return `the ${name} has no readable avcC`;
    const edge = await partStartProblem(job.output, clipConfig, clip.packets[index]!, config, name);
    if (edge) return edge;
  }
  return null;
}
