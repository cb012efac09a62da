/** Parses the files that ffmpeg's `metadata`/`ametadata` filters write with `mode=print:file=…`. */
import type { LoudnessPoint, ScenePoint } from './signal-types.js';

/** One printed frame: its time and its numeric metadata. */
export interface FrameMetadata {
  time: number;
  values: Record<string, number>;
}

/**
 * Reads blocks of `frame:N pts:P pts_time:T` followed by `key=value` lines.
 * Frames without a readable time are skipped; non-numeric values are left out.
 */
export function parseFrameMetadata(text: string): FrameMetadata[] {
  const out: FrameMetadata[] = [];
  let current: FrameMetadata | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('frame:')) {
      const m = /pts_time:\s*(-?[\d.]+(?:e[-+]?\d+)?)/i.exec(line);
      current = m ? { time: Number(m[1]), values: {} } : null;
      if (current && Number.isFinite(current.time)) out.push(current);
      else current = null;
      continue;
    }
    const eq = line.indexOf('=');
    if (!current || eq <= 0) continue;
    const value = Number(line.slice(eq + 1));
    if (Number.isFinite(value)) current.values[line.slice(0, eq)] = value;
  }
  return out;
}

/** Scene scores per frame from the scenes file. */
export function parseSceneScores(text: string): ScenePoint[] {
  return parseFrameMetadata(text)
    .filter((f) => f.values['lavfi.scene_score'] !== undefined)
    .map((f) => ({ time: f.time, score: f.values['lavfi.scene_score']! }));
}

/** Momentary and short-term loudness per 100 ms from the loudness file. */
export function parseLoudness(text: string): LoudnessPoint[] {
  return parseFrameMetadata(text)
    .filter((f) => f.values['lavfi.r128.M'] !== undefined)
    .map((f) => ({ time: f.time, momentary: f.values['lavfi.r128.M']!, shortTerm: f.values['lavfi.r128.S'] ?? f.values['lavfi.r128.M']! }));
}
