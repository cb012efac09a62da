/** Which videos a plan may use, in the shapes the planners and validatePlan need. */
import type { VideoWork } from '../domain/types.js';
import type { PlanVideo } from '../plan/validate-plan.js';

/** The probed duration of a video (the original's: rendering cuts the original). */
export function videoDuration(video: VideoWork): number | null {
  const d = video.probe?.durationSeconds ?? video.compressed?.durationSeconds ?? null;
  return d !== null && Number.isFinite(d) && d > 0 ? d : null;
}

/** A video is usable by a plan when it is probed and analysed (the runner passes READY videos). */
export function isPlanReady(video: VideoWork): boolean {
  return videoDuration(video) !== null && video.analysis !== null;
}

/** The videos in validatePlan's shape. */
export function planVideos(videos: readonly VideoWork[]): PlanVideo[] {
  return videos.map((v) => ({ index: v.index, durationSeconds: videoDuration(v) ?? 0, ready: isPlanReady(v) }));
}
