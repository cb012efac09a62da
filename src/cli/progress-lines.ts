/** A batch's state → the CLI's progress lines (one per stage, plus one per video while videos run). Pure. */
import { PHASE_RANGE, videoChainProgress } from '../pipeline/progress.js';
import { STAGE_REGISTRY, videoStages } from '../pipeline/registry.js';
import {
  VIDEO_STAGES,
  type BatchStatus,
  type Stage,
  type StageStatus,
  type VideoStage,
  type VideoStatus,
} from '../domain/statuses.js';

/** What the lines are drawn from: the stored batch, its stage runs and its videos. */
export interface ProgressSnapshot {
  status: BatchStatus;
  currentStage: Stage | null;
  /** The batch's overall percent, 0–100. */
  progress: number;
  stages: { stage: Stage; status: StageStatus; itemsDone: number; itemsTotal: number; message: string | null }[];
  videos: { index: number; status: VideoStatus; progress: number; error: string | null }[];
}

/** One line: `key` identifies it across redraws, `state` changes mark events worth a line of their own. */
export interface ProgressLine {
  key: string;
  state: string;
  text: string;
}

const LABEL = {
  ...Object.fromEntries(STAGE_REGISTRY.map((s) => [s.name, s.labels.short])),
  APPROVAL: 'approve',
} as Record<Stage, string>;
const LABEL_WIDTH = 13;

const STAGE_OF_VIDEO_STATUS = Object.fromEntries(
  videoStages(STAGE_REGISTRY).map((s) => [s.videoStatus, s.name]),
) as Partial<Record<VideoStatus, VideoStage>>;

/** `[#####.....]` for a fraction in 0..1. */
export function bar(fraction: number, width: number): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}

function percent(fraction: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`.padStart(4);
}

/** How far one video is through one per-video stage, 0..1, from its status and stored chain progress. */
export function videoStageFraction(video: ProgressSnapshot['videos'][number], stage: VideoStage): number {
  // A failed video counts as done for every stage, as the stage's itemsDone does.
  if (video.status === 'READY' || video.status === 'FAILED') return 1;
  const at = video.status === 'PENDING' ? 'PREPARATION' : STAGE_OF_VIDEO_STATUS[video.status];
  if (!at) return 0;
  const diff = VIDEO_STAGES.indexOf(at) - VIDEO_STAGES.indexOf(stage);
  if (diff !== 0) return diff > 0 ? 1 : 0;
  const lo = videoChainProgress(stage, 0);
  const hi = videoChainProgress(stage, 1);
  return Math.min(1, Math.max(0, (video.progress - lo) / (hi - lo)));
}

/** How far a stage is, 0..1. */
export function stageFraction(s: ProgressSnapshot, run: ProgressSnapshot['stages'][number]): number {
  if (run.status === 'COMPLETED' || run.status === 'SKIPPED') return 1;
  if (run.status === 'PENDING') return 0;
  if ((VIDEO_STAGES as readonly Stage[]).includes(run.stage)) {
    if (!s.videos.length) return 0;
    const sum = s.videos.reduce((acc, v) => acc + videoStageFraction(v, run.stage as VideoStage), 0);
    return sum / s.videos.length;
  }
  const items = run.itemsTotal > 0 ? run.itemsDone / run.itemsTotal : 0;
  // Batch-level stages own a slice of the overall percent; while one runs, the percent says how far it is.
  const range = (PHASE_RANGE as Partial<Record<Stage, readonly [number, number]>>)[run.stage];
  if (run.status === 'RUNNING' && s.currentStage === run.stage && range && range[1] > range[0]) {
    return Math.max(items, (s.progress - range[0]) / (range[1] - range[0]));
  }
  return items;
}

function detail(run: ProgressSnapshot['stages'][number]): string {
  const unit = (VIDEO_STAGES as readonly Stage[]).includes(run.stage) ? 'videos' : run.stage === 'RENDERING' ? 'clips' : null;
  const items = unit && run.itemsTotal > 0 ? `${run.itemsDone}/${run.itemsTotal} ${unit}` : null;
  const word: Record<StageStatus, string> = {
    PENDING: 'waiting',
    RUNNING: 'running',
    COMPLETED: 'done',
    FAILED: 'failed',
    SKIPPED: 'skipped',
  };
  return [word[run.status], items, run.message].filter(Boolean).join('  ');
}

function videoLine(v: ProgressSnapshot['videos'][number], barWidth: number): ProgressLine {
  const fraction = v.status === 'READY' ? 1 : v.progress;
  const state = v.status.toLowerCase();
  const text = `  video ${String(v.index).padEnd(LABEL_WIDTH - 8)} ${bar(fraction, barWidth)} ${percent(fraction)}  ${state}${v.error ? `: ${v.error}` : ''}`;
  return { key: `video:${v.index}`, state: v.status, text };
}

/** Whether the per-video chains are still the batch's current work. */
function videosRunning(s: ProgressSnapshot): boolean {
  return s.stages.some((r) => (VIDEO_STAGES as readonly Stage[]).includes(r.stage) && r.status === 'RUNNING');
}

/**
 * The progress lines for a snapshot: every stage in order, and under the
 * per-video stages one line per video while they run.
 */
export function progressLines(s: ProgressSnapshot, options: { barWidth?: number } = {}): ProgressLine[] {
  const width = options.barWidth ?? 20;
  const lines: ProgressLine[] = [];
  const showVideos = videosRunning(s);
  for (const run of s.stages) {
    const f = stageFraction(s, run);
    lines.push({
      key: `stage:${run.stage}`,
      state: run.status,
      text: `${LABEL[run.stage].padEnd(LABEL_WIDTH)} ${bar(f, width)} ${percent(f)}  ${detail(run)}`,
    });
    if (run.stage === 'VL_ANALYSIS' && showVideos) {
      for (const v of s.videos) lines.push(videoLine(v, width));
    }
  }
  return lines;
}
