/**
 * A plan without a model (pure): the best-scoring highlights across videos,
 * snapped to scene boundaries, without overlaps, until the target duration
 * is filled; then scenes and free footage when highlights are not enough.
 * The result always passes validatePlan.
 *
 * Order: by video, then by time. Sources usually arrive in the order they
 * were shot (parts of one event), and each source told chronologically is
 * what a viewer can follow; interleaving by score would jump back and forth
 * in time between cameras.
 */
import type { PlanClip, PlanDraft, VideoAnalysis } from '../domain/types.js';
import type { Language } from '../i18n/language.js';
import { offlineText, type OfflineText } from '../i18n/offline-text.js';
import { planTarget, targetMiss } from './target.js';
import { MAX_CLIPS, MIN_CLIP_SECONDS, validatePlan } from './validate-plan.js';

/** A ready video as the offline planner sees it. */
export interface OfflinePlanVideo {
  index: number;
  durationSeconds: number;
  analysis: VideoAnalysis | null;
}

interface Candidate {
  videoIndex: number;
  start: number;
  end: number;
  score: number;
  reason: string;
}

/** Free-footage pieces are at most this long while clip slots are plentiful. */
const FILL_PIECE_SECONDS = 15;
/** A scene boundary this close to a highlight edge pulls the edge onto it. */
const SNAP_SECONDS = 1;
/** Clips are kept a little above the 1 s minimum so rounding cannot break the rule. */
const MIN_PICK_SECONDS = MIN_CLIP_SECONDS + 0.05;

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Moves each edge onto the nearest scene boundary within 1 s, keeping the span inside the video and ≥ 1 s. */
export function snapToScenes(span: { start: number; end: number }, boundaries: readonly number[], durationSeconds: number): { start: number; end: number } {
  const nearest = (t: number): number => {
    let best = t;
    let bestDistance = Infinity;
    for (const b of boundaries) {
      const distance = Math.abs(b - t);
      if (distance <= SNAP_SECONDS && distance < bestDistance) {
        best = b;
        bestDistance = distance;
      }
    }
    return best;
  };
  const start = Math.max(0, nearest(span.start));
  const end = Math.min(durationSeconds, nearest(span.end));
  return end - start >= MIN_PICK_SECONDS ? { start, end } : { start: Math.max(0, span.start), end: Math.min(durationSeconds, span.end) };
}

/** The parts of [0, duration] not covered by `taken` (sorted, merged). */
function freeGaps(taken: readonly { start: number; end: number }[], durationSeconds: number): Array<{ start: number; end: number }> {
  const sorted = [...taken].sort((a, b) => a.start - b.start);
  const gaps: Array<{ start: number; end: number }> = [];
  let cursor = 0;
  for (const t of sorted) {
    if (t.start > cursor) gaps.push({ start: cursor, end: t.start });
    cursor = Math.max(cursor, t.end);
  }
  if (cursor < durationSeconds) gaps.push({ start: cursor, end: durationSeconds });
  return gaps;
}

function candidatesOf(video: OfflinePlanVideo, t: OfflineText): Candidate[] {
  const d = video.durationSeconds;
  const a = video.analysis;
  const boundaries = a ? [...new Set(a.scenes.flatMap((s) => [s.start, s.end]))] : [];
  const out: Candidate[] = [];
  for (const h of a?.highlights ?? []) {
    const span = snapToScenes({ start: Math.max(0, h.start), end: Math.min(d, h.end) }, boundaries, d);
    if (span.end - span.start < MIN_PICK_SECONDS) continue;
    const score = Number.isFinite(h.score) ? Math.min(1, Math.max(0, h.score)) : 0.5;
    out.push({ videoIndex: video.index, ...span, score: 1 + score, reason: t.highlightReason(h.label || t.label['loud moment'], score.toFixed(2)) });
  }
  // Scenes rank below every highlight; longer scenes first among them (they carry more of the story).
  for (const s of a?.scenes ?? []) {
    const start = Math.max(0, s.start);
    const end = Math.min(d, s.end, start + FILL_PIECE_SECONDS);
    if (end - start < MIN_PICK_SECONDS) continue;
    out.push({ videoIndex: video.index, start, end, score: Math.min(0.9, (end - start) / 100), reason: t.sceneReason(s.description) });
  }
  return out;
}

/** True when [start, end) overlaps any taken span. */
function overlaps(taken: readonly { start: number; end: number }[], start: number, end: number): boolean {
  return taken.some((t) => start < t.end && t.start < end);
}

/** What the offline planner may be told: the theme, the length asked for, the language of its words. */
export interface OfflinePlanOptions {
  theme?: string;
  targetDurationSeconds?: number | null;
  language?: Language;
}

/**
 * Builds a plan from the analyses of the ready videos (pure): the strongest
 * moments up to the target length (target.ts), which it always meets within
 * ±25 %, and every hard rule.
 * Long because the pick-trim-pad steps share one running total; split, they would pass it around.
 */
export function offlinePlan(videos: readonly OfflinePlanVideo[], options: OfflinePlanOptions = {}): PlanDraft {
  const usableVideos = videos.filter((v) => Number.isFinite(v.durationSeconds) && v.durationSeconds >= MIN_CLIP_SECONDS);
  if (usableVideos.length === 0) throw new Error('no ready video is long enough for a clip');
  const t = offlineText(options.language);
  const planVideos = videos.map((v) => ({ index: v.index, durationSeconds: v.durationSeconds, ready: true }));
  const target = planTarget(planVideos, options.targetDurationSeconds);
  const usable = usableVideos.reduce((s, v) => s + v.durationSeconds, 0);
  const goal = target.seconds;

  const taken = new Map<number, Candidate[]>(usableVideos.map((v) => [v.index, []]));
  let total = 0;
  let count = 0;
  const add = (c: Candidate): void => {
    taken.get(c.videoIndex)!.push(c);
    total += c.end - c.start;
    count++;
  };

  // When everything must be used, every video is one clip.
  if (target.minSeconds >= usable) {
    for (const v of usableVideos) add({ videoIndex: v.index, start: 0, end: v.durationSeconds, score: 0, reason: t.wholeVideoReason });
  } else {
    // 1. Highlights, then scenes, best first; keep one slot per video for filling.
    const reserve = usableVideos.length;
    const all = usableVideos.flatMap((v) => candidatesOf(v, t)).sort((a, b) => b.score - a.score || a.videoIndex - b.videoIndex || a.start - b.start);
    for (const c of all) {
      if (total >= goal - 0.01 || count >= MAX_CLIPS - reserve) break;
      if (overlaps(taken.get(c.videoIndex)!, c.start, c.end)) continue;
      const room = goal - total;
      const end = Math.min(c.end, c.start + room);
      if (end - c.start < MIN_PICK_SECONDS) continue;
      add({ ...c, end });
    }
    // 2. Free footage, largest gaps first, until the goal.
    while (total < goal - 0.01 && count < MAX_CLIPS) {
      const gaps = usableVideos
        .flatMap((v) => freeGaps(taken.get(v.index)!, v.durationSeconds).map((g) => ({ ...g, videoIndex: v.index })))
        .filter((g) => g.end - g.start >= MIN_PICK_SECONDS)
        .sort((a, b) => b.end - b.start - (a.end - a.start) || a.videoIndex - b.videoIndex);
      const gap = gaps[0];
      if (!gap) break;
      const slotsLeft = MAX_CLIPS - count;
      const piece = slotsLeft > usableVideos.length ? FILL_PIECE_SECONDS : Infinity;
      const len = Math.min(gap.end - gap.start, piece, goal - total);
      if (len < MIN_PICK_SECONDS) break;
      // Take the middle of the gap: its edges sit next to clips already chosen.
      const start = gap.start + (gap.end - gap.start - len) / 2;
      add({ videoIndex: gap.videoIndex, start, end: start + len, score: 0, reason: t.fillReason });
    }
    // 3. Still short of the minimum (tiny gaps, no slots): grow clips into the footage around them.
    for (const v of usableVideos) {
      if (total >= target.minSeconds) break;
      const clips = taken.get(v.index)!.sort((a, b) => a.start - b.start);
      for (let i = 0; i < clips.length && total < target.minSeconds; i++) {
        const c = clips[i]!;
        const limit = clips[i + 1]?.start ?? v.durationSeconds;
        const grow = Math.min(limit - c.end, target.minSeconds - total);
        c.end += grow;
        total += grow;
        const before = i === 0 ? 0 : clips[i - 1]!.end;
        const back = Math.min(c.start - before, target.minSeconds - total);
        c.start -= back;
        total += back;
      }
    }
  }

  const clips: PlanClip[] = usableVideos
    .flatMap((v) => taken.get(v.index)!.map((c) => ({ ...c, durationSeconds: v.durationSeconds })))
    .sort((a, b) => a.videoIndex - b.videoIndex || a.start - b.start)
    .map((c) => ({
      videoIndex: c.videoIndex,
      start: round2(c.start),
      // Never round past the end of the video.
      end: Math.min(c.durationSeconds, round2(c.end)),
      reason: c.reason,
    }));
  const plan: PlanDraft = { theme: options.theme ?? offlineTheme(videos, options.language), clips };
  const violations = [...validatePlan(plan, planVideos), ...[targetMiss(plan, target)].filter((m) => m !== null)];
  if (violations.length) throw new Error(`offline plan broke its own rules: ${violations.map((v) => v.message).join('; ')}`);
  return plan;
}

/** A theme from the most common tags ("Highlights: football, crowd"), else a generic one. */
export function offlineTheme(videos: readonly OfflinePlanVideo[], language?: Language): string {
  const t = offlineText(language);
  const generic = new Set(['offline-analysis', 'no-audio', 'quiet', 'fast-paced', 'long-takes', 'dark', 'static']);
  const counts = new Map<string, number>();
  for (const v of videos) for (const t of v.analysis?.tags ?? []) if (!generic.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 2).map(([t]) => t);
  if (top.length) return t.themeFromTags(top).slice(0, 200);
  return videos.length === 1 ? t.themeOne : t.themeMany(videos.length);
}
