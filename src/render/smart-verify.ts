/**
 * Proves a smart-rendered clip before it is used: the copied packets are the
 * source's bytes, the clip has the planned frame count, decode timestamps
 * rise by exactly one frame (no 1-tick samples from a muxer fix-up) and
 * presentation steps are uniform, and the whole clip decodes without a
 * single error. Returns why it is not exact, or null.
 */
import { probePacketIndex } from '../workers/ffmpeg/packets.js';
import { fpsFraction, type OutputShape } from './output-shape.js';
import { buildDecodeCheckArgs } from './smart-args.js';
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

/** Checks the copy part and the assembled clip; null when every check passes. */
export async function checkAssembledClip(input: {
  job: SmartClipJob;
  plan: SmartClipPlan;
  shape: OutputShape;
  copyPath: string;
  deps: SmartRunDeps;
}): Promise<string | null> {
  const { job, plan, shape, deps } = input;
  const copy = await probePacketIndex(deps.ffprobePath, input.copyPath, deps.signal);
  const sizes = copy?.packets.map((p) => p.size) ?? [];
  if (sizes.length !== plan.copy.sizes.length || sizes.some((s, i) => s !== plan.copy.sizes[i])) {
    return 'the copied packets differ from the source packets';
  }
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
  const result = await deps.pool.ffmpeg({ args: buildDecodeCheckArgs(job.output), inputDurationSeconds: (plan.frames * fps.den) / fps.num, group: deps.group }, { signal: deps.signal });
  const errors = result.stderrTail.trim();
  return errors ? `the clip does not decode cleanly: ${errors.split('\n')[0]}` : null;
}
