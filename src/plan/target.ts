/**
 * The plan's length target: a goal the model and the offline planner aim for,
 * never a rule a person's edit must meet. By default 2 to 5 minutes but never
 * more than half of the usable footage; a client may ask for 5 to 600 s.
 */
import type { PlanDraft } from '../domain/types.js';

/** A video as the target needs it. */
export interface TargetVideo {
  durationSeconds: number;
  ready: boolean;
}

/** The target of one plan. */
export interface PlanTarget {
  /** Lower and upper end of the aim (equal when the client asked for a length). */
  minSeconds: number;
  maxSeconds: number;
  /** The single length the offline planner fills to, within [minSeconds, maxSeconds]. */
  seconds: number;
  /** What the client asked for, null for the default. */
  requested: number | null;
}

/** Shortest and longest length a client may ask for, in seconds. */
export const TARGET_DURATION_RANGE = { min: 5, max: 600 } as const;
/** The default aim: 2 to 5 minutes… */
export const DEFAULT_TARGET_MIN_SECONDS = 120;
/** …upper end. */
export const DEFAULT_TARGET_MAX_SECONDS = 300;
/** …but never more than this fraction of the usable footage. */
export const MAX_FOOTAGE_FRACTION = 0.5;
/** An AI plan off its target by more than this fraction gets a repair request. */
export const TARGET_SLACK = 0.25;
/** The offline planner's default goal: this fraction of the footage, at most 3 minutes, inside the aim. */
const OFFLINE_FOOTAGE_FRACTION = 0.3;
const OFFLINE_MAX_SECONDS = 180;
/** A video shorter than a clip's minimum holds no clip. */
const MIN_CLIP_SECONDS = 1;
/** The shortest plan worth cutting: one clip a little over the minimum (the offline planner's smallest pick). */
const SHORTEST_PLAN_SECONDS = MIN_CLIP_SECONDS + 0.05;

/** Summed duration of the ready videos long enough to hold a clip. */
export function usableSeconds(videos: readonly TargetVideo[]): number {
  return videos
    .filter((v) => v.ready && Number.isFinite(v.durationSeconds) && v.durationSeconds >= MIN_CLIP_SECONDS)
    .reduce((s, v) => s + v.durationSeconds, 0);
}

/** The target for these videos and the length asked for (null or undefined: the default). */
export function planTarget(videos: readonly TargetVideo[], requested?: number | null): PlanTarget {
  const usable = usableSeconds(videos);
  if (requested !== null && requested !== undefined) {
    // More than the footage holds cannot be cut: the whole footage is the most there is.
    const s = Math.min(requested, usable);
    return { minSeconds: s, maxSeconds: s, seconds: s, requested };
  }
  // Half of very short footage can be less than one clip: aim for one shortest clip then.
  const floor = Math.min(usable, SHORTEST_PLAN_SECONDS);
  const maxSeconds = Math.max(floor, Math.min(DEFAULT_TARGET_MAX_SECONDS, usable * MAX_FOOTAGE_FRACTION));
  const minSeconds = Math.min(DEFAULT_TARGET_MIN_SECONDS, maxSeconds);
  const seconds = Math.min(maxSeconds, Math.max(minSeconds, Math.min(OFFLINE_MAX_SECONDS, usable * OFFLINE_FOOTAGE_FRACTION)));
  return { minSeconds, maxSeconds, seconds, requested: null };
}

/** Sum of the clips' lengths in seconds (negative or non-finite clips count as 0). */
export function totalDuration(plan: Pick<PlanDraft, 'clips'>): number {
  let total = 0;
  for (const c of plan.clips) {
    const len = c.end - c.start;
    if (Number.isFinite(len) && len > 0) total += len;
  }
  return total;
}

const f1 = (n: number): string => n.toFixed(1);

/** The target as people read it: "about 30.0 s" or "120.0–300.0 s". */
export function describeTarget(target: Pick<PlanTarget, 'minSeconds' | 'maxSeconds'>): string {
  return target.minSeconds === target.maxSeconds ? `about ${f1(target.minSeconds)} s` : `${f1(target.minSeconds)}–${f1(target.maxSeconds)} s`;
}

/** How far a plan misses its target, null when within ±25 %. */
export function targetMiss(plan: Pick<PlanDraft, 'clips'>, target: Pick<PlanTarget, 'minSeconds' | 'maxSeconds'>): { rule: 'TOTAL_TOO_SHORT' | 'TOTAL_TOO_LONG'; message: string } | null {
  const total = totalDuration(plan);
  if (total < target.minSeconds * (1 - TARGET_SLACK)) {
    return { rule: 'TOTAL_TOO_SHORT', message: `the clips add up to ${f1(total)} s; the target is ${describeTarget(target)} (at least ${f1(target.minSeconds * (1 - TARGET_SLACK))} s)` };
  }
  if (total > target.maxSeconds * (1 + TARGET_SLACK)) {
    return { rule: 'TOTAL_TOO_LONG', message: `the clips add up to ${f1(total)} s; the target is ${describeTarget(target)} (at most ${f1(target.maxSeconds * (1 + TARGET_SLACK))} s)` };
  }
  return null;
}
