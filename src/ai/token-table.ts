/** The per-profile token table of a source (pure): what BENCHMARKS.md shows and a test checks. */
import { PROFILES } from '../media/profiles.js';
import type { ConcreteProfile } from '../domain/statuses.js';
import { ANALYSIS_REQUESTS, defaultRequest, MODEL_INPUT_LIMIT_TOKENS, requestTokens, type TokenVideo } from './analysis-request.js';

/** One row: a profile's copy and request against the original. */
export interface TokenRow {
  profile: ConcreteProfile;
  copy: { width: number; height: number; fps: number };
  originalTokens: number;
  /** The copy sent with no sampling asked (what the design did before). */
  copyDefaultTokens: number;
  requestTokens: number;
  saving: number;
  underLimit: boolean;
  basis: string;
}

/** The compressed copy's size and rate for a source and profile (shorter side capped, never upscaled, fps never raised). */
export function copyOf(source: TokenVideo, profile: ConcreteProfile): { width: number; height: number; fps: number } {
  const p = PROFILES[profile];
  const short = Math.min(source.width, source.height);
  const scale = Math.min(1, p.maxShortSide / short);
  const even = (n: number) => 2 * Math.round(n / 2);
  return { width: even(source.width * scale), height: even(source.height * scale), fps: Math.min(p.fps, source.fps ?? p.fps) };
}

/** The rows for one source, most saving first. */
export function tokenTable(source: TokenVideo): TokenRow[] {
  const original = requestTokens(source, defaultRequest()).tokens;
  return (['AGGRESSIVE', 'BALANCED', 'CONSERVATIVE'] as const).map((profile) => {
    const copy = copyOf(source, profile);
    const video = { ...copy, durationSeconds: source.durationSeconds };
    const sent = requestTokens(video, ANALYSIS_REQUESTS[profile]);
    return {
      profile,
      copy,
      originalTokens: original,
      copyDefaultTokens: requestTokens(video, defaultRequest()).tokens,
      requestTokens: sent.tokens,
      saving: Math.round((1 - sent.tokens / original) * 1000) / 1000,
      underLimit: sent.tokens <= MODEL_INPUT_LIMIT_TOKENS,
      basis: sent.basis,
    };
  });
}
