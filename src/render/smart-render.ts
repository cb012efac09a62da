/**
 * Runs a smart render of one clip through the media pool: edges re-encoded,
 * whole GOPs copied, assembled with the audio as PCM into the clip file the join
 * expects; then proves the result (frame count, timestamps, copied bytes and
 * parameter sets, a clean decode of what was re-encoded and its joins). Anything unproven answers `smart: false` and leaves nothing
 * behind, so the caller re-encodes the clip as usual.
 */
import { rm, writeFile } from 'node:fs/promises';
import { probePacketIndex, withPacketReader, type VideoIndex } from '../workers/ffmpeg/packets.js';
import { readAvcConfig, type AvcConfig } from './avcc.js';
import { isIdrAccessUnit, parseX264Options, x264Options } from './h264-nal.js';
import { fpsFraction, type OutputShape } from './output-shape.js';
import {
  buildAssembleArgs, buildCopyArgs, buildEdgeArgs, edgeEncoder, partsListContent,
} from './smart-args.js';
import { cleanCutPoints, planSmartClip, smartIneligibility, type SmartClipPlan } from './smart-plan.js';
import type { SmartClipJob, SmartRunDeps } from './smart-job.js';
import { checkAssembledClip } from './smart-verify.js';

export type { SmartClipJob, SmartRunDeps } from './smart-job.js';

/** A source's packet index plus what was read from its bytes. */
export interface SmartSource {
  index: VideoIndex;
  /** Decode indices of clean-cut keyframes that are IDR pictures. */
  idr: Set<number>;
  /** The x264 settings of the source, when an x264 encoder wrote it. */
  x264: Record<string, string> | null;
  /** Its avcC: the NAL length size and the parameter sets copied packets must be decoded with. */
  config: AvcConfig;
}

/** Indexes a source for smart render; null when it cannot be read (then its clips are re-encoded). */
export async function loadSmartSource(ffprobePath: string, file: string, signal?: AbortSignal): Promise<SmartSource | null> {
  const [index, config] = await Promise.all([probePacketIndex(ffprobePath, file, signal), readAvcConfig(file)]);
  if (!index || index.packets.length === 0 || !config) return null;
  const idr = new Set<number>();
  const first = await withPacketReader(file, async (read) => {
    for (const d of cleanCutPoints(index.packets)) {
      const p = index.packets[d];
      if (p && isIdrAccessUnit(await read(p, 16 * 1024), config.lengthSize)) idr.add(d);
    }
    return read(index.packets[0]!);
  });
  const options = x264Options(first, config.lengthSize);
  return { index, idr, x264: options ? parseX264Options(options) : null, config };
}

/** The outcome of one clip: copied (with its frame counts) or why it must be re-encoded. */
export type SmartOutcome = { smart: true; copiedFrames: number; edgeFrames: number } | { smart: false; reason: string };

/** Decides and, when possible, performs a smart render of one clip. Throws only AbortError. */
export async function smartRenderClip(job: SmartClipJob, source: SmartSource | null, shape: OutputShape, deps: SmartRunDeps): Promise<SmartOutcome> {
  if (!source) return { smart: false, reason: 'the source could not be indexed' };
  const why = smartIneligibility(source.index.stream, job.probe, shape);
  if (why) return { smart: false, reason: why };
  const decision = planSmartClip({ ...source.index, start: job.start, end: job.end, shape, idr: source.idr });
  if (!decision.smart) return decision;
  const plan = decision.plan;
  const part = (name: string) => `${job.output}.${name}.mov`;
  const parts = [part('head'), part('copy'), part('tail'), `${job.output}.parts.txt`];
  try {
    const failure = await runParts(job, source, plan, shape, deps, part);
    if (failure) return failure;
    const check = await checkAssembledClip({
      job, plan, shape, source, headPath: plan.head ? part('head') : null, tailPath: plan.tail ? part('tail') : null, deps,
    });
    if (check) {
      await rm(job.output, { force: true });
      return { smart: false, reason: check };
    }
    deps.onProgress?.(1);
    const copied = plan.copy.sizes.length;
    return { smart: true, copiedFrames: copied, edgeFrames: plan.frames - copied };
  } catch (err) {
    await rm(job.output, { force: true });
    if ((err as Error).name === 'AbortError') throw err;
    return { smart: false, reason: `smart render failed: ${(err as Error).message}` };
  } finally {
    await Promise.all(parts.map((p) => rm(p, { force: true })));
  }
}

/** Runs the edge and copy parts (in parallel in the pool), then the assembly, which adds the audio. */
async function runParts(
  job: SmartClipJob,
  source: SmartSource,
  plan: SmartClipPlan,
  shape: OutputShape,
  deps: SmartRunDeps,
  part: (name: string) => string,
): Promise<SmartOutcome | null> {
  const encoder = edgeEncoder(source.index.stream, source.x264);
  const run = (args: string[], output: string, seconds: number) =>
    deps.pool.ffmpeg({ args, inputDurationSeconds: seconds, cleanupPaths: [output], group: deps.group, localInputs: job.localInputs }, { signal: deps.signal });
  const fps = fpsFraction(shape.fps);
  const secondsOf = (frames: number) => (frames * fps.den) / fps.num;
  let done = 0;
  const steps = 1 + (plan.head ? 1 : 0) + (plan.tail ? 1 : 0) + 1;
  const step = async (p: Promise<unknown>) => {
    await p;
    deps.onProgress?.(++done / (steps + 1));
  };

  const video: Array<{ path: string; frames: number }> = [];
  const tasks: Array<Promise<void>> = [];
  if (plan.head) {
    video.push({ path: part('head'), frames: plan.head.frames });
    tasks.push(step(run(buildEdgeArgs({ source: job.source, output: part('head'), edge: plan.head, encoder, shape }), part('head'), secondsOf(plan.head.frames))));
  }
  video.push({ path: part('copy'), frames: plan.copy.sizes.length });
  tasks.push(step(run(buildCopyArgs({ source: job.source, output: part('copy'), copy: plan.copy, shape }), part('copy'), secondsOf(plan.copy.sizes.length))));
  if (plan.tail) {
    video.push({ path: part('tail'), frames: plan.tail.frames });
    tasks.push(step(run(buildEdgeArgs({ source: job.source, output: part('tail'), edge: plan.tail, encoder, shape }), part('tail'), secondsOf(plan.tail.frames))));
  }
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;

  const listPath = `${job.output}.parts.txt`;
  await writeFile(listPath, partsListContent(video, fps));
  const assemble = buildAssembleArgs({ listPath, source: job.source, start: job.start, end: job.end, probe: job.probe, output: job.output, shape });
  await step(run(assemble, job.output, secondsOf(plan.frames)));
  return null;
}
