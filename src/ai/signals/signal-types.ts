/** The raw signals one ffmpeg pass yields for the offline analyzer. Times in seconds. */

/** A stretch of time. */
export interface Span {
  start: number;
  end: number;
}

/** One frame's scene-change score (0..1): high at cuts, low and noisy with motion. */
export interface ScenePoint {
  time: number;
  score: number;
}

/** Loudness every 100 ms in LUFS: momentary (400 ms window) and short-term (3 s window). */
export interface LoudnessPoint {
  time: number;
  momentary: number;
  shortTerm: number;
}

/** Everything the scorer reads. */
export interface MediaSignals {
  durationSeconds: number;
  hasAudio: boolean;
  scenes: ScenePoint[];
  loudness: LoudnessPoint[];
  silences: Span[];
  blacks: Span[];
  freezes: Span[];
}
