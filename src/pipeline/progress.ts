/** Pure arithmetic of where a batch stands: which step a video needs next, the batch status, percentages. */
import { BATCH_STATUSES, VIDEO_STAGES, type BatchStatus, type VideoStage, type VideoStatus } from '../domain/statuses.js';

/** What the next-step decision needs to know about a video. */
export interface VideoProgressView {
  status: VideoStatus;
  sourceType: 'LOCAL' | 'OSS' | 'URL';
  hasProbe: boolean;
  localFileExists: boolean;
  compressedFileExists: boolean;
  hasTemp: boolean;
  hasAnalysis: boolean;
}

/**
 * The first per-video stage whose output is missing, or DONE. Outputs on disk
 * are checked because a crash can leave a row that points at a deleted file.
 */
export function nextVideoStage(v: VideoProgressView): VideoStage | 'DONE' | 'FAILED' {
  if (v.status === 'FAILED') return 'FAILED';
  if (v.hasAnalysis) return 'DONE';
  if (v.hasTemp && v.compressedFileExists) return 'VL_ANALYSIS';
  if (v.compressedFileExists) return 'TEMP_UPLOAD';
  if (v.hasProbe && v.localFileExists) return 'COMPRESSION';
  return 'PREPARATION';
}

/** Share of a video's chain each stage stands for. */
const VIDEO_STAGE_WEIGHT: Record<VideoStage, number> = {
  PREPARATION: 0.15,
  COMPRESSION: 0.5,
  TEMP_UPLOAD: 0.1,
  VL_ANALYSIS: 0.25,
};

/** A video's chain progress in 0..1, from its current stage and that stage's fraction. */
export function videoChainProgress(stage: VideoStage | 'DONE' | 'FAILED', fraction: number): number {
  if (stage === 'DONE' || stage === 'FAILED') return 1;
  let done = 0;
  for (const s of VIDEO_STAGES) {
    if (s === stage) return done + VIDEO_STAGE_WEIGHT[s] * Math.min(1, Math.max(0, fraction));
    done += VIDEO_STAGE_WEIGHT[s];
  }
  return done;
}

/** Overall percent ranges of each batch-level phase. */
export const PHASE_RANGE = {
  VIDEOS: [0, 60],
  PLAN_GENERATION: [60, 65],
  APPROVAL: [65, 65],
  RENDERING: [65, 90],
  FINAL_UPLOAD: [90, 97],
  CLEANUP: [97, 100],
} as const;

/** Maps a phase's own fraction to the batch's 0–100 percent, rounded to 0.1. */
export function overallPercent(phase: keyof typeof PHASE_RANGE, fraction: number): number {
  const [lo, hi] = PHASE_RANGE[phase];
  const f = Math.min(1, Math.max(0, fraction));
  return Math.round((lo + (hi - lo) * f) * 10) / 10;
}

/**
 * The batch status while videos run: the least advanced stage that still has
 * work. PREPARATION shows DOWNLOADING when a remote source is still being fetched.
 */
export function statusForVideos(videos: { stage: VideoStage | 'DONE' | 'FAILED'; sourceType: string }[]): BatchStatus | null {
  let least: VideoStage | null = null;
  for (const v of videos) {
    if (v.stage === 'DONE' || v.stage === 'FAILED') continue;
    if (least === null || VIDEO_STAGES.indexOf(v.stage) < VIDEO_STAGES.indexOf(least)) least = v.stage;
  }
  if (least === null) return null;
  switch (least) {
    case 'PREPARATION':
      return videos.some((v) => v.stage === 'PREPARATION' && v.sourceType !== 'LOCAL') ? 'DOWNLOADING' : 'PREPARING';
    case 'COMPRESSION':
      return 'COMPRESSING';
    case 'TEMP_UPLOAD':
      return 'UPLOADING_TEMP';
    case 'VL_ANALYSIS':
      return 'VL_ANALYZING';
  }
}

/** Position of a status in the job's order (for "has the batch reached X"). */
export function statusRank(status: BatchStatus): number {
  return BATCH_STATUSES.indexOf(status);
}

/** A simple linear estimate of when the batch finishes, or null early on. */
export function estimateCompletion(startedAt: Date, now: Date, percent: number): Date | null {
  if (percent < 3 || percent >= 100) return null;
  const elapsed = now.getTime() - startedAt.getTime();
  return new Date(now.getTime() + (elapsed * (100 - percent)) / percent);
}
