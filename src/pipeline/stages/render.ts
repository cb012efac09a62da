/**
 * RENDERING: cuts each clip from its original file, frame-accurate, into one
 * uniform shape (in parallel, in the pool), then joins them in plan order.
 */
import { localRoots } from '../../sources/uploads-dir.js';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AbortError, FfmpegError, UnrecoverableError, isAbort, messageOf } from '../../domain/errors.js';
import type { BatchSettings, PlanClip, PlanDraft, ProbeInfo, StageControl, VideoWork } from '../../domain/types.js';
import type { StageDeps } from '../stage-deps.js';
import { localInputsOf } from '../../workers/ffmpeg/confirm-input.js';
import { buildClipArgs, clipRenderedSeconds } from '../../render/clip-args.js';
import { buildJoinArgs, concatListContent } from '../../render/concat-args.js';
import { chooseOutputShape, type OutputShape } from '../../render/output-shape.js';
import { createSmartClips, type SmartClips } from '../../render/smart-clips.js';
import { defineStage } from '../define-stage.js';

/** Progress of a render: clips done of all, then the join. */
export interface RenderControl extends StageControl {
  /** Called once when every clip is cut and the join begins. */
  onMerging(): void;
}

interface ClipJob {
  number: number;
  clip: PlanClip;
  video: VideoWork & { localPath: string; probe: ProbeInfo };
  output: string;
}

/**
 * Renders a plan into `${workDir}/render_${renderId}/final.mp4`; returns its path and probe.
 * Long because its steps (check, clips, join, probe, clean up) share one work folder and one `finally`.
 */
export async function renderPlan(
  input: {
    batch: BatchSettings; plan: PlanDraft; videos: VideoWork[]; renderId: string; workDir: string;
    /** Smart render (copy whole GOPs where the source fits the output); on unless false. */
    smart?: boolean;
  },
  deps: StageDeps,
  control: RenderControl,
): Promise<{ path: string; probe: ProbeInfo }> {
  const { batch, plan, videos, renderId } = input;
  if (plan.clips.length === 0) throw new UnrecoverableError('the plan has no clips');
  const dir = path.join(input.workDir, `render_${renderId}`);
  const sources = await checkSources(plan.clips, videos);
  const shape = chooseOutputShape({
    clips: plan.clips,
    videos: sources.map((v) => ({ index: v.index, probe: v.probe })),
    output: batch.output,
  });
  checkClipLengths(plan.clips, shape);

  await mkdir(dir, { recursive: true });
  const jobs: ClipJob[] = plan.clips.map((clip, i) => ({
    number: i + 1,
    clip,
    video: sources.find((v) => v.index === clip.videoIndex)!,
    output: path.join(dir, `clip_${String(i + 1).padStart(3, '0')}.mov`),
  }));
  const clipPaths = jobs.map((j) => j.output);
  const listPath = path.join(dir, 'list.txt');
  const finalPath = path.join(dir, 'final.mp4');

  try {
    // On BullMQ workers a whole smart clip is one job: the worker indexes its own copy (docs/smart-render.md).
    const smart = input.smart === false ? null : createSmartClips({ pool: deps.pool, ffprobePath: deps.tools.ffprobePath, group: batch.id, shape, log: deps.log });
    await renderClips(jobs, shape, batch.id, deps, control, smart);
    if (smart) deps.log.info(smart.stats(), 'smart render');
    control.onMerging();
    await writeFile(listPath, concatListContent(clipPaths));
    const plannedSeconds = jobs.reduce((s, j) => s + clipRenderedSeconds(j.clip.start, j.clip.end, shape), 0);
    try {
      await deps.pool.ffmpeg(
        {
          args: buildJoinArgs({ listPath, output: finalPath, audioBitrate: shape.audioBitrate }),
          inputDurationSeconds: plannedSeconds,
          cleanupPaths: [finalPath],
          group: batch.id,
          kind: 'join',
          files: { inputs: clipPaths, lists: [listPath], outputs: [finalPath] },
        },
        { signal: control.signal },
      );
    } catch (err) {
      if (isAbort(err)) throw err;
      const e = err as Partial<FfmpegError>;
      throw new FfmpegError(`joining ${jobs.length} clips failed: ${messageOf(err)}`, e.exitCode ?? null, e.stderrTail ?? '');
    }
    const probe = await deps.pool.probe(finalPath, { signal: control.signal, group: batch.id });
    checkDuration(probe, plan.clips, shape);
    control.onProgress(1, `joined ${jobs.length} clips`);
    return { path: finalPath, probe };
  } catch (err) {
    // Nothing of a failed render is worth keeping.
    await rm(dir, { recursive: true, force: true });
    throw control.signal.aborted && !isAbort(err) ? new AbortError() : err;
  } finally {
    // Intermediates go in every case: after a join they are copies, after a failure they are waste.
    await Promise.all([...clipPaths, listPath].map((p) => rm(p, { force: true })));
  }
}

/**
 * Renders every clip through the pool; a failed clip gets one more try; the first final failure stops the rest.
 * Long because the workers, the shared queue and the first-failure stop share one scope.
 */
async function renderClips(jobs: ClipJob[], shape: OutputShape, group: string, deps: StageDeps, control: RenderControl, smart: SmartClips | null): Promise<void> {
  const partial = new Array<number>(jobs.length).fill(0);
  let done = 0;
  const report = () => {
    const fraction = partial.reduce((a, b) => a + b, 0) / jobs.length;
    control.onProgress(Math.min(1, fraction), `clip ${done}/${jobs.length}`);
  };
  // One clip failing for good stops its siblings: the render cannot succeed any more.
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  control.signal.addEventListener('abort', onOuterAbort, { once: true });
  if (control.signal.aborted) stop.abort();
  report();

  const runOne = async (job: ClipJob, i: number): Promise<void> => {
    const seconds = clipRenderedSeconds(job.clip.start, job.clip.end, shape);
    const request = {
      args: buildClipArgs({ input: job.video.localPath, output: job.output, start: job.clip.start, end: job.clip.end, probe: job.video.probe, shape }),
      inputDurationSeconds: seconds,
      cleanupPaths: [job.output],
      group,
      localInputs: localInputsOf(job.video, deps.config && localRoots(deps.config)),
      kind: 'render' as const,
      files: { inputs: [job.video.localPath], outputs: [job.output] },
    };
    const onProgress = (p: { fraction: number | null }) => {
      if (p.fraction === null) return;
      partial[i] = Math.min(1, Math.max(partial[i]!, p.fraction));
      report();
    };
    const smartJob = { number: job.number, source: job.video.localPath, probe: job.video.probe, start: job.clip.start, end: job.clip.end, output: job.output, localInputs: request.localInputs, fallback: request };
    const copied = smart !== null && (await smart.tryClip(smartJob, stop.signal, (fraction) => onProgress({ fraction })));
    if (!copied) partial[i] = 0;
    for (let attempt = 1; !copied; attempt++) {
      try {
        await deps.pool.ffmpeg(request, { signal: stop.signal, onProgress });
        break;
      } catch (err) {
        if (isAbort(err) || stop.signal.aborted || attempt >= 2) {
          throw isAbort(err) ? err : new FfmpegError(`${describeClip(job.number, job.clip)} failed: ${messageOf(err)}`, (err as FfmpegError).exitCode ?? null, (err as FfmpegError).stderrTail ?? '');
        }
        deps.log.warn({ clip: job.number, err: messageOf(err) }, 'clip render failed; retrying once');
        partial[i] = 0;
      }
    }
    partial[i] = 1;
    done++;
    report();
  };

  try {
    const results = await Promise.allSettled(
      jobs.map((job, i) =>
        runOne(job, i).catch((err: unknown) => {
          stop.abort();
          throw err;
        }),
      ),
    );
    if (control.signal.aborted) throw new AbortError();
    // The first real failure, not the sibling aborts it caused.
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const cause = failures.find((e) => !isAbort(e)) ?? failures[0];
    if (cause) throw cause;
  } finally {
    control.signal.removeEventListener('abort', onOuterAbort);
  }
}

type ReadyVideo = VideoWork & { localPath: string; probe: ProbeInfo };

/** Every clip's source must exist on disk and be probed; nothing is clamped. */
async function checkSources(clips: PlanClip[], videos: VideoWork[]): Promise<ReadyVideo[]> {
  const ready = new Map<number, ReadyVideo>();
  for (const [i, clip] of clips.entries()) {
    const name = describeClip(i + 1, clip);
    const video = videos.find((v) => v.index === clip.videoIndex);
    if (!video) throw new UnrecoverableError(`${name} names video ${clip.videoIndex}, which is not in this batch`);
    if (!video.probe) throw new UnrecoverableError(`${name}: video ${clip.videoIndex} has not been probed`);
    if (!video.localPath) throw new UnrecoverableError(`${name}: video ${clip.videoIndex} has no local file`);
    if (!ready.has(video.index)) {
      try {
        await access(video.localPath);
      } catch {
        throw new UnrecoverableError(`${name}: the source file of video ${clip.videoIndex} is missing (${video.localPath})`);
      }
    }
    if (!(clip.start >= 0) || !(clip.end > clip.start)) {
      throw new UnrecoverableError(`${name} has start ≥ end or a negative start`);
    }
    // A millisecond of slack: probed durations are rounded.
    if (clip.end > video.probe.durationSeconds + 0.001) {
      throw new UnrecoverableError(`${name} ends past the end of video ${clip.videoIndex} (${fmt(video.probe.durationSeconds)} s)`);
    }
    ready.set(video.index, video as ReadyVideo);
  }
  return [...ready.values()];
}

function checkClipLengths(clips: PlanClip[], shape: OutputShape): void {
  for (const [i, clip] of clips.entries()) {
    if (clip.end - clip.start < 1 / shape.fpsValue - 1e-9) {
      throw new UnrecoverableError(`${describeClip(i + 1, clip)} is shorter than one frame`);
    }
  }
}

/** The joined file must last the plan's total, within one output frame per clip. */
function checkDuration(probe: ProbeInfo, clips: PlanClip[], shape: OutputShape): void {
  const planned = clips.reduce((s, c) => s + (c.end - c.start), 0);
  const tolerance = clips.length / shape.fpsValue + 0.001;
  if (Math.abs(probe.durationSeconds - planned) > tolerance) {
    throw new Error(
      `the joined video lasts ${probe.durationSeconds.toFixed(3)} s but the plan totals ${planned.toFixed(3)} s ` +
        `(allowed: ±${tolerance.toFixed(3)} s, one frame per clip)`,
    );
  }
}

/** "clip 2 (video 1, 12.0–12.01 s)": 1-based clip number, the source index, the times. */
function describeClip(number: number, clip: PlanClip): string {
  return `clip ${number} (video ${clip.videoIndex}, ${fmt(clip.start)}–${fmt(clip.end)} s)`;
}

function fmt(x: number): string {
  const s = String(Number(x.toFixed(3)));
  return s.includes('.') ? s : `${s}.0`;
}

/** RENDERING: the approved plan cut and joined; stored on the render by the runner's render step. */
export const renderStage = defineStage({
  name: 'RENDERING',
  scope: 'batch',
  retries: 2,
  weight: 25,
  labels: { action: 'rendering', short: 'render' },
  run: renderPlan,
});
