/**
 * Pure arithmetic of where a batch stands: which stage a video needs next, the
 * batch status while videos run, percentages. Weights come from the registry.
 */
import type { BatchStatus, Stage, VideoStatus } from '../domain/statuses.js';
import type { VideoWork } from '../domain/types.js';
import type { VideoStageDefinition } from './define-stage.js';
import { STAGE_REGISTRY, videoStages, type StageRegistry } from './registry.js';

/** Where a video's chain stands: the stage it needs next, DONE or FAILED. */
export type ChainPosition = VideoStageDefinition | 'DONE' | 'FAILED';

/**
 * The stage after the last one whose output is stored, or DONE. Outputs on disk
 * are checked because a crash can leave a row that points at a deleted file.
 */
export function nextVideoStage(video: VideoWork & { status: VideoStatus }, stages: readonly VideoStageDefinition[]): ChainPosition {
  if (video.status === 'FAILED') return 'FAILED';
  for (let i = stages.length - 1; i >= 0; i--) {
    if (stages[i]!.done(video)) return stages[i + 1] ?? 'DONE';
  }
  return stages[0] ?? 'DONE';
}

const clamp = (f: number) => Math.min(1, Math.max(0, f));

/** A video's chain progress in 0..1, from its current stage and that stage's fraction. */
export function videoChainProgress(stage: Stage | 'DONE' | 'FAILED', fraction: number, registry: StageRegistry = STAGE_REGISTRY): number {
  if (stage === 'DONE' || stage === 'FAILED') return 1;
  const stages = videoStages(registry);
  const total = stages.reduce((a, s) => a + s.weight, 0);
  let done = 0;
  for (const s of stages) {
    if (s.name === stage) return done + (s.weight / total) * clamp(fraction);
    done += s.weight / total;
  }
  return done;
}

/** A part of a run with its own share of the percent: the per-video chains, a batch stage, or the wait for approval. */
export type Phase = 'VIDEOS' | 'APPROVAL' | Stage;

/** Overall percent ranges of each phase: the chains share their stages' weights, APPROVAL takes none. */
export function phaseRanges(registry: StageRegistry = STAGE_REGISTRY): Partial<Record<Phase, readonly [number, number]>> {
  const total = registry.reduce((a, s) => a + s.weight, 0);
  const pct = (x: number) => (x * 100) / total;
  const video = videoStages(registry).reduce((a, s) => a + s.weight, 0);
  const ranges: Partial<Record<Phase, readonly [number, number]>> = { VIDEOS: [0, pct(video)] };
  let at = video;
  for (const s of registry) {
    if (s.scope !== 'batch') continue;
    ranges[s.name] = [pct(at), pct(at + s.weight)];
    at += s.weight;
    if (s.name === 'PLAN_GENERATION') ranges.APPROVAL = [pct(at), pct(at)];
  }
  return ranges;
}

/** The real registry's phase ranges (the CLI draws its bars from them). */
export const PHASE_RANGE = phaseRanges();

/** Maps a phase's own fraction to the batch's 0–100 percent, rounded to 0.1. */
export function overallPercent(phase: Phase, fraction: number, ranges = PHASE_RANGE): number {
  const [lo, hi] = ranges[phase] ?? [0, 0];
  return Math.round((lo + (hi - lo) * clamp(fraction)) * 10) / 10;
}

/**
 * The batch status while videos run: that of the least advanced stage that
 * still has work (PREPARATION says DOWNLOADING while a remote source is fetched).
 */
export function statusForVideos(videos: { stage: ChainPosition; remote: boolean }[], stages: readonly VideoStageDefinition[]): BatchStatus | null {
  let least: VideoStageDefinition | null = null;
  for (const v of videos) {
    if (v.stage === 'DONE' || v.stage === 'FAILED') continue;
    if (least === null || stages.indexOf(v.stage) < stages.indexOf(least)) least = v.stage;
  }
  if (least === null) return null;
  return least.batchStatus(videos.some((v) => v.stage === least && v.remote));
}
