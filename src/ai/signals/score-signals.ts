/**
 * Pure scoring of the offline signals into the analysis shape: scenes from cuts,
 * split into ≤ 15 s units, each scored by loudness, motion and cut density with
 * black/frozen/silent stretches penalised; the best units as 3–15 s highlights.
 */
import type { Highlight, Scene, VideoAnalysis } from '../../domain/types.js';
import { SCENE_CUT_THRESHOLD } from './signal-pass-args.js';
import type { LoudnessPoint, MediaSignals, ScenePoint, Span } from './signal-types.js';
import { offlineText, type OfflineText, type UnitLabel } from '../../i18n/offline-text.js';

/** Longest unit (and highlight), in seconds. */
export const MAX_UNIT_SECONDS = 15;
/** Shortest highlight, in seconds. */
export const MIN_HIGHLIGHT_SECONDS = 3;
/** Two cuts closer than this are one cut (flashes, fades). */
const MIN_CUT_GAP_SECONDS = 0.5;
/** Loudness below this is silence (ebur128 reports -120.7 for digital silence). */ const LOUDNESS_FLOOR = -70;

/** A unit (a scene or a piece of one) with its measures and score. */
export interface ScoredUnit extends Span {
  /** Energy-mean momentary loudness in LUFS, null without audio. */
  loudness: number | null;
  motion: number;
  cutDensity: number;
  blackFraction: number;
  freezeFraction: number;
  silentFraction: number;
  /** Normalised within the video, 0..1. */
  loudNorm: number;
  motionNorm: number;
  densityNorm: number;
  score: number;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Times of scene cuts: frames scoring above the threshold, later than 0, at least 0.5 s apart. */
export function findCuts(scenes: readonly ScenePoint[], threshold = SCENE_CUT_THRESHOLD): number[] {
  const cuts: number[] = [];
  for (const p of scenes) {
    if (p.score <= threshold || p.time <= 0) continue;
    const last = cuts.at(-1);
    if (last !== undefined && p.time - last < MIN_CUT_GAP_SECONDS) continue;
    cuts.push(p.time);
  }
  return cuts;
}

/** Scenes between consecutive cuts, covering [0, duration]. */
export function sceneSpans(cuts: readonly number[], durationSeconds: number): Span[] {
  const bounds = [0, ...cuts.filter((c) => c > 0 && c < durationSeconds), durationSeconds];
  const spans: Span[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    const end = bounds[i + 1]!;
    if (end - start > 0.01) spans.push({ start, end });
  }
  return spans;
}

/** Splits a span into equal pieces no longer than `max` seconds. */
export function splitSpan(span: Span, max = MAX_UNIT_SECONDS): Span[] {
  const len = span.end - span.start;
  const n = Math.max(1, Math.ceil(len / max - 1e-9));
  return Array.from({ length: n }, (_, i) => ({ start: span.start + (len * i) / n, end: i === n - 1 ? span.end : span.start + (len * (i + 1)) / n }));
}

/** Seconds of `span` covered by `spans`. */
export function overlapSeconds(span: Span, spans: readonly Span[]): number {
  let total = 0;
  for (const s of spans) total += Math.max(0, Math.min(span.end, s.end) - Math.max(span.start, s.start));
  return Math.min(total, span.end - span.start);
}

/** Energy mean of loudness values (LUFS), so one loud burst counts as loud. */
export function energyMean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const power = values.reduce((s, v) => s + 10 ** (Math.max(LOUDNESS_FLOOR, v) / 10), 0) / values.length;
  return 10 * Math.log10(power);
}

function loudnessIn(span: Span, points: readonly LoudnessPoint[]): number | null {
  return energyMean(points.filter((p) => p.time > span.start && p.time <= span.end).map((p) => p.momentary));
}

function motionIn(span: Span, scenes: readonly ScenePoint[]): number {
  // Cut frames are excluded: a cut is not motion.
  const values = scenes.filter((p) => p.time > span.start && p.time <= span.end && p.score <= SCENE_CUT_THRESHOLD).map((p) => p.score);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}

function normaliser(values: number[]): (v: number) => number {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return (v) => (max - min < 1e-9 ? 0.5 : (v - min) / (max - min));
}

/** Scores every unit of a video; higher is a better highlight. */
export function scoreUnits(signals: MediaSignals, cuts: readonly number[]): ScoredUnit[] {
  const d = signals.durationSeconds;
  const units = sceneSpans(cuts, d).flatMap((s) => splitSpan(s));
  const audio = signals.hasAudio && signals.loudness.length > 0;
  const raw = units.map((u) => {
    const len = u.end - u.start;
    const around = cuts.filter((c) => c >= u.start - 5 && c <= u.end + 5).length;
    return {
      ...u,
      loudness: audio ? loudnessIn(u, signals.loudness) : null,
      motion: motionIn(u, signals.scenes),
      cutDensity: around / (len + 10),
      blackFraction: overlapSeconds(u, signals.blacks) / len,
      freezeFraction: overlapSeconds(u, signals.freezes) / len,
      silentFraction: audio ? overlapSeconds(u, signals.silences) / len : 0,
    };
  });
  // Loudness is compared in dB, only across units that have a reading.
  const loudValues = raw.map((r) => r.loudness ?? LOUDNESS_FLOOR);
  const loudRange = Math.max(...loudValues) - Math.min(...loudValues);
  const loudN = normaliser(loudValues);
  const maxMotion = Math.max(...raw.map((r) => r.motion));
  const maxDensity = Math.max(...raw.map((r) => r.cutDensity));
  return raw.map((r) => {
    const loudNorm = audio ? (loudRange < 1 ? 0.5 : loudN(r.loudness ?? LOUDNESS_FLOOR)) : 0;
    const motionNorm = maxMotion > 1e-6 ? r.motion / maxMotion : 0;
    const densityNorm = maxDensity > 1e-9 ? r.cutDensity / maxDensity : 0;
    const base = audio ? 0.45 * loudNorm + 0.35 * motionNorm + 0.2 * densityNorm : 0.65 * motionNorm + 0.35 * densityNorm;
    const penalty = (1 - r.blackFraction) * (1 - 0.7 * r.freezeFraction) * (1 - 0.3 * r.silentFraction);
    return { ...r, loudNorm, motionNorm, densityNorm, score: round2(Math.min(1, Math.max(0, base * penalty))) };
  });
}

/** A short label from what makes a unit stand out. */
export function unitLabel(u: ScoredUnit): UnitLabel {
  if (u.blackFraction > 0.5) return 'black screen';
  if (u.freezeFraction > 0.5) return 'still picture';
  if (u.loudNorm >= 0.6 && u.motionNorm >= 0.6) return 'loud action';
  if (u.loudNorm >= 0.6) return 'loud moment';
  if (u.motionNorm >= 0.6) return 'fast motion';
  if (u.densityNorm >= 0.6) return 'quick cuts';
  return 'steady shot';
}

function describeUnit(u: ScoredUnit, hasAudio: boolean, t: OfflineText): string {
  const words: string[] = [];
  if (hasAudio) words.push(u.silentFraction > 0.8 ? t.silent : u.loudNorm >= 0.66 ? t.loud : u.loudNorm < 0.33 ? t.quiet : t.moderateSound);
  words.push(u.motionNorm >= 0.66 ? t.lotsOfMotion : u.motionNorm < 0.2 ? t.littleMotion : t.someMotion);
  if (u.blackFraction > 0.5) words.push(t.mostlyBlack);
  if (u.freezeFraction > 0.5) words.push(t.frozenPicture);
  return words.join(t.listSeparator);
}

/** Widens a span to at least `min` seconds, staying inside [0, duration]. */
export function widenSpan(span: Span, min: number, durationSeconds: number): Span {
  const len = span.end - span.start;
  if (len >= min || durationSeconds <= min) return len >= min ? span : { start: 0, end: durationSeconds };
  const grow = (min - len) / 2;
  let start = span.start - grow;
  let end = span.end + grow;
  if (start < 0) {
    end -= start;
    start = 0;
  }
  if (end > durationSeconds) {
    start -= end - durationSeconds;
    end = durationSeconds;
  }
  return { start: Math.max(0, start), end: Math.min(durationSeconds, end) };
}

/** The stretch around the loudest moment: the loudest 1 s, widened while within 6 dB of it (≤ 15 s). */
export function loudestStretch(points: readonly LoudnessPoint[], durationSeconds: number): Span | null {
  if (points.length === 0) return null;
  const bins = Math.max(1, Math.ceil(durationSeconds));
  const perBin: number[][] = Array.from({ length: bins }, () => []);
  for (const p of points) perBin[Math.min(bins - 1, Math.max(0, Math.ceil(p.time) - 1))]!.push(p.momentary);
  const level = perBin.map((v) => energyMean(v) ?? LOUDNESS_FLOOR);
  let peak = 0;
  level.forEach((v, i) => {
    if (v > level[peak]!) peak = i;
  });
  if (level[peak]! <= LOUDNESS_FLOOR + 1) return null;
  let a = peak;
  let b = peak;
  while (a > 0 && level[a - 1]! >= level[peak]! - 6 && b - a < 14) a--;
  while (b < bins - 1 && level[b + 1]! >= level[peak]! - 6 && b - a < 14) b++;
  return { start: a, end: Math.min(durationSeconds, b + 1) };
}

/** The 2-second stretch with the most motion (cut frames excluded). */
export function mostMotion(scenes: readonly ScenePoint[], durationSeconds: number): Span | null {
  let best: Span | null = null;
  let bestValue = 0;
  for (let t = 0; t < durationSeconds; t += 2) {
    const span = { start: t, end: Math.min(durationSeconds, t + 2) };
    const v = motionIn(span, scenes);
    if (v > bestValue) {
      bestValue = v;
      best = span;
    }
  }
  return best;
}
const secs = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Turns the signals of one video into the analysis shape (pure), its words in `text`'s language (English by default). */
export function analyseSignals(signals: MediaSignals, t: OfflineText = offlineText('EN')): VideoAnalysis {
  const d = signals.durationSeconds;
  const cuts = findCuts(signals.scenes);
  const units = scoreUnits(signals, cuts);
  const audio = signals.hasAudio && signals.loudness.length > 0;

  const scenes: Scene[] = units.map((u) => ({ start: round2(u.start), end: round2(u.end), description: describeUnit(u, audio, t) }));

  // Best units first; each widened to ≥ 3 s; no two highlights overlap.
  const wanted = Math.min(40, Math.max(1, Math.ceil(d / 10)));
  const highlights: Highlight[] = [];
  for (const u of [...units].sort((a, b) => b.score - a.score || a.start - b.start)) {
    if (highlights.length >= wanted) break;
    const span = widenSpan(u, MIN_HIGHLIGHT_SECONDS, d);
    if (highlights.some((h) => span.start < h.end && h.start < span.end)) continue;
    highlights.push({ start: round2(span.start), end: round2(span.end), label: t.label[unitLabel(u)], score: u.score });
  }

  const sceneCount = sceneSpans(cuts, d).length;
  const parts = [t.seconds(secs(round2(d))), t.scenes(sceneCount)];
  if (!signals.hasAudio) parts.push(t.noAudio);
  else {
    const loud = loudestStretch(signals.loudness, d);
    parts.push(loud ? t.loudestAround(secs(loud.start), secs(loud.end)) : t.silent);
  }
  const motion = mostMotion(signals.scenes, d);
  if (motion) parts.push(t.mostMotionAround(secs(motion.start), secs(round2(motion.end))));
  const black = overlapSeconds({ start: 0, end: d }, signals.blacks);
  if (black >= 1) parts.push(t.black(secs(round2(black))));
  const frozen = overlapSeconds({ start: 0, end: d }, signals.freezes);
  if (frozen >= 1) parts.push(t.frozen(secs(round2(frozen))));

  const tags = ['offline-analysis'];
  const cutsPerMinute = (cuts.length / Math.max(d, 1)) * 60;
  if (!signals.hasAudio) tags.push('no-audio');
  else if (overlapSeconds({ start: 0, end: d }, signals.silences) / d > 0.8) tags.push('quiet');
  if (cutsPerMinute >= 20) tags.push('fast-paced');
  else if (cutsPerMinute <= 2) tags.push('long-takes');
  if (black / d > 0.2) tags.push('dark');
  if (frozen / d > 0.3) tags.push('static');

  return { description: parts.join(t.listSeparator), highlights, tags, scenes };
}
