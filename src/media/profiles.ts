/** The compression profiles, as data (the one place they are defined), and the DYNAMIC choice by duration. */
import type { CompressionProfile, ConcreteProfile } from '../domain/statuses.js';

/** Encoder settings of one concrete profile. */
export interface ProfileSettings {
  name: ConcreteProfile;
  /** Cap on the shorter side ("720p" → 720); the aspect ratio is kept and nothing is upscaled. */
  maxShortSide: number;
  /** Cap on the frame rate; never raised. */
  fps: number;
  /** Ceiling of the CRF encode, in kbit/s. */
  videoBitrateKbps: number;
  audioBitrateKbps: number;
  sampleRate: number;
  preset: string;
  crf: number;
  description: string;
}

/** The three concrete profiles, smallest first. */
export const PROFILES: Readonly<Record<ConcreteProfile, ProfileSettings>> = {
  AGGRESSIVE: {
    name: 'AGGRESSIVE',
    maxShortSide: 480,
    fps: 10,
    videoBitrateKbps: 500,
    audioBitrateKbps: 64,
    sampleRate: 22050,
    preset: 'ultrafast',
    crf: 28,
    description: 'Smallest and fastest: 480p, 10 fps, for long videos or tight token budgets.',
  },
  BALANCED: {
    name: 'BALANCED',
    maxShortSide: 720,
    fps: 15,
    videoBitrateKbps: 1500,
    audioBitrateKbps: 128,
    sampleRate: 44100,
    preset: 'fast',
    crf: 23,
    description: 'The default: 720p, 15 fps, enough detail for the model at a modest size.',
  },
  CONSERVATIVE: {
    name: 'CONSERVATIVE',
    maxShortSide: 1080,
    fps: 24,
    videoBitrateKbps: 3000,
    audioBitrateKbps: 192,
    sampleRate: 44100,
    preset: 'medium',
    crf: 20,
    description: 'Highest fidelity: 1080p, 24 fps, for short videos where detail matters.',
  },
};

/** Upper duration bounds (seconds, inclusive) of the DYNAMIC choice; longer than the last → AGGRESSIVE. */
export const DYNAMIC_THRESHOLDS = { conservativeUpTo: 180, balancedUpTo: 420 } as const;

/** What DYNAMIC means, for clients listing the profiles. */
export const DYNAMIC_DESCRIPTION =
  'Picks by duration: up to 180 s CONSERVATIVE, up to 420 s BALANCED, longer AGGRESSIVE.';

/** The concrete profile to use for a requested profile and a video's duration. */
export function resolveProfile(profile: CompressionProfile, durationSeconds: number): ConcreteProfile {
  if (profile !== 'DYNAMIC') return profile;
  if (durationSeconds <= DYNAMIC_THRESHOLDS.conservativeUpTo) return 'CONSERVATIVE';
  if (durationSeconds <= DYNAMIC_THRESHOLDS.balancedUpTo) return 'BALANCED';
  return 'AGGRESSIVE';
}

/** One row of the `compressionProfiles` GraphQL query. */
export interface CompressionProfileInfo {
  name: ConcreteProfile;
  maxShortSide: number;
  fps: number;
  /** As ffmpeg writes it, e.g. "1500k". */
  videoBitrate: string;
  audioBitrate: string;
  sampleRate: number;
  preset: string;
  crf: number;
  description: string;
}

/** The data behind the `compressionProfiles` query, smallest profile first. */
export const compressionInfo: readonly CompressionProfileInfo[] = Object.values(PROFILES).map((p) => ({
  name: p.name,
  maxShortSide: p.maxShortSide,
  fps: p.fps,
  videoBitrate: `${p.videoBitrateKbps}k`,
  audioBitrate: `${p.audioBitrateKbps}k`,
  sampleRate: p.sampleRate,
  preset: p.preset,
  crf: p.crf,
  description: p.description,
}));
