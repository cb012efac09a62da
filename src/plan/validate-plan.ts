/**
 * The hard plan rules (docs/architecture.md, "Contracts"), as one pure function. Used for AI plans
 * (to build a repair request), offline plans (as a self-check) and user edits
 * (to refuse them with an error that names the clip and the rule). The length
 * target (target.ts) steers planners only; a person may cut any length.
 */
import type { PlanDraft } from '../domain/types.js';

export { planTarget, totalDuration } from './target.js';

/** One broken rule. clipIndex is the 0-based position in `plan.clips`, null for plan-wide rules. */
export interface PlanViolation {
  clipIndex: number | null;
  field: string;
  rule: PlanRule;
  message: string;
}

/** A video as the validator needs it. */
export interface PlanVideo {
  index: number;
  durationSeconds: number;
  ready: boolean;
}

/** The closed list of rule names a violation can carry. */
export const PLAN_RULES = [
  'NO_CLIPS',
  'TOO_MANY_CLIPS',
  'THEME_EMPTY',
  'THEME_TOO_LONG',
  'REASON_TOO_LONG',
  'NOT_FINITE',
  'BAD_VIDEO_INDEX',
  'UNKNOWN_VIDEO',
  'VIDEO_NOT_READY',
  'START_NEGATIVE',
  'START_NOT_BEFORE_END',
  'END_PAST_DURATION',
  'CLIP_TOO_SHORT',
  'TOTAL_TOO_SHORT',
  'TOTAL_TOO_LONG',
] as const;
/** A rule name. */
export type PlanRule = (typeof PLAN_RULES)[number];

/** At most this many clips in a plan. */
export const MAX_CLIPS = 50;
/** Each clip lasts at least this long, in seconds. */
export const MIN_CLIP_SECONDS = 1;
/** A theme is at most this many characters. */
export const MAX_THEME_LENGTH = 200;
/** A clip's reason is at most this many characters. */
export const MAX_REASON_LENGTH = 500;
/** Slack on `end ≤ duration`: probes and rounding disagree by a few milliseconds. */
const END_TOLERANCE_SECONDS = 0.001;

const f1 = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : String(n));

/**
 * Checks a plan against the hard rules (ready videos, spans inside them, clip
 * length and count, theme) and returns every violation, empty when the plan
 * is valid. The length target is not a rule here: see target.ts.
 * Long because it is a flat list of rules, each adding its violations, read top to bottom.
 */
export function validatePlan(plan: PlanDraft, videos: readonly PlanVideo[]): PlanViolation[] {
  const out: PlanViolation[] = [];
  const add = (clipIndex: number | null, field: string, rule: PlanRule, message: string): void => {
    out.push({ clipIndex, field, rule, message });
  };

  const theme = typeof plan.theme === 'string' ? plan.theme.trim() : '';
  if (!theme) add(null, 'theme', 'THEME_EMPTY', 'the theme must not be empty');
  else if (theme.length > MAX_THEME_LENGTH) {
    add(null, 'theme', 'THEME_TOO_LONG', `the theme is ${theme.length} characters long; at most ${MAX_THEME_LENGTH} are allowed`);
  }

  const clips = Array.isArray(plan.clips) ? plan.clips : [];
  if (clips.length === 0) add(null, 'clips', 'NO_CLIPS', 'the plan needs at least one clip');
  if (clips.length > MAX_CLIPS) add(null, 'clips', 'TOO_MANY_CLIPS', `the plan has ${clips.length} clips; at most ${MAX_CLIPS} are allowed`);

  const byIndex = new Map(videos.map((v) => [v.index, v]));
  clips.forEach((clip, i) => {
    const name = `clip ${i}`;
    const { videoIndex, start, end } = clip;
    if (typeof clip.reason === 'string' && clip.reason.length > MAX_REASON_LENGTH) {
      add(i, 'reason', 'REASON_TOO_LONG', `${name}: the reason is ${clip.reason.length} characters long; at most ${MAX_REASON_LENGTH} are allowed`);
    }
    if (!Number.isInteger(videoIndex)) {
      add(i, 'videoIndex', 'BAD_VIDEO_INDEX', `${name}: videoIndex ${String(videoIndex)} is not a whole number`);
      return;
    }
    const video = byIndex.get(videoIndex);
    if (!video) {
      add(i, 'videoIndex', 'UNKNOWN_VIDEO', `${name}: there is no video ${videoIndex} in this batch`);
      return;
    }
    if (!video.ready) {
      add(i, 'videoIndex', 'VIDEO_NOT_READY', `${name}: video ${videoIndex} is not ready (it failed or was not analysed)`);
      return;
    }
    let finite = true;
    for (const [field, value] of [['start', start], ['end', end]] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        add(i, field, 'NOT_FINITE', `${name}: ${field} ${String(value)} is not a finite number of seconds`);
        finite = false;
      }
    }
    if (!finite) return;
    if (start < 0) add(i, 'start', 'START_NEGATIVE', `${name}: start ${f1(start)} is before the beginning of video ${videoIndex}`);
    if (end > video.durationSeconds + END_TOLERANCE_SECONDS) {
      add(i, 'end', 'END_PAST_DURATION', `${name}: end ${f1(end)} is past the end of video ${videoIndex} (duration ${f1(video.durationSeconds)} s)`);
    }
    if (start >= end) add(i, 'end', 'START_NOT_BEFORE_END', `${name}: start ${f1(start)} is not before end ${f1(end)}`);
    else if (end - start < MIN_CLIP_SECONDS) {
      add(i, 'end', 'CLIP_TOO_SHORT', `${name}: lasts ${(end - start).toFixed(2)} s; each clip must last at least ${MIN_CLIP_SECONDS} s`);
    }
  });

  return out;
}
