/**
 * Plain data that flows between the runner and the stage modules. Stages take
 * these and return these; only the runner touches the database.
 */
import type { CompressionProfile, ConcreteProfile, OutputMode, SourceType } from './statuses.js';
import type { Language } from './language.js';
import type { OutputAspect, OutputFit } from './output-aspect.js';

/** What ffprobe told us about a media file. Width/height are as displayed (rotation applied). */
export interface ProbeInfo {
  durationSeconds: number;
  sizeBytes: number;
  width: number;
  height: number;
  fps: number;
  videoCodec: string;
  audioCodec: string | null;
  hasAudio: boolean;
  /** Clockwise display rotation in degrees (0, 90, 180, 270). */
  rotation: number;
  formatName: string;
  bitRate: number | null;
  /** For a user's LOCAL file: which file was probed, so every later use can check it is still that file. */
  file?: FileIdentity;
}

/** A file's identity on disk: a swapped, replaced or rewritten file no longer matches it. */
export interface FileIdentity {
  dev: number;
  ino: number;
  /** Modification time in whole milliseconds. */
  mtimeMs: number;
}

/** A compressed copy produced by the COMPRESSION stage. */
export interface CompressedCopy {
  path: string;
  profile: ConcreteProfile;
  sizeBytes: number;
  width: number;
  height: number;
  fps: number;
  durationSeconds: number;
  hasAudio: boolean;
}

/** A temporary object holding the compressed copy. */
export interface TempObject {
  key: string;
  url: string;
  expiresAt: Date;
}

/** One highlight the analyzer found. Times in seconds. */
export interface Highlight {
  start: number;
  end: number;
  label: string;
  score: number;
}

/** One scene the analyzer found. Times in seconds. */
export interface Scene {
  start: number;
  end: number;
  description: string;
}

/** The analysis of one video (validated by ai/analysis-schema.ts). */
export interface VideoAnalysis {
  description: string;
  highlights: Highlight[];
  tags: string[];
  scenes: Scene[];
}

/** One timed piece of a transcript. Times in seconds. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

/** Tokens one model call spent. */
export interface UsageEntry {
  stage: 'VL_ANALYSIS' | 'PLAN_GENERATION' | 'ASR';
  model: string;
  promptTokens: number;
  completionTokens: number;
  /** Estimated cost in the configured currency. */
  cost: number;
  videoIndex: number | null;
  /** Our own estimate of the prompt's video tokens, when we made one, to compare with promptTokens. */
  estimatedVideoTokens?: number | null;
  /** By the same rule: what the original file would have cost in this call, sent as it is. */
  originalVideoTokens?: number | null;
}

/** One clip of a plan. */
export interface PlanClip {
  videoIndex: number;
  start: number;
  end: number;
  reason: string;
}

/** A plan before it is stored. */
export interface PlanDraft {
  theme: string;
  clips: PlanClip[];
}

/** The batch settings a stage may need. */
export interface BatchSettings {
  id: string;
  compressionProfile: CompressionProfile;
  tempUrlExpirySeconds: number;
  output: OutputSettings;
  enableVlAnalysis: boolean;
  enableAsr: boolean;
  customPrompt: string | null;
  autoApprove: boolean;
  webhookUrl: string | null;
  createdAt: Date;
  /** The plan length asked for in seconds; null or absent: the default target. */
  targetDurationSeconds?: number | null;
  /** Language of the text written for people; absent: English (tests, old callers). */
  language?: Language;
}

/** How the final video is encoded. */
export interface OutputSettings {
  mode: OutputMode;
  resolution: string;
  fps: number;
  bitrate: string;
  /** Frame shape of the output; absent: SOURCE. */
  aspect?: OutputAspect;
  /** How sources of another shape fill the frame; absent: PAD. */
  fit?: OutputFit;
}

/** A video as the stages see it: its source and whatever earlier stages produced. */
export interface VideoWork {
  id: string;
  batchId: string;
  index: number;
  sourceType: SourceType;
  sourcePath: string | null;
  sourceUrl: string | null;
  /** The profile asked for (the source's override or the batch's). */
  compressionProfile: CompressionProfile;
  /** The batch's work directory, `${DATA_DIR}/work/${batchId}`; created by the runner. */
  workDir: string;
  /** Where the original is on disk, once prepared. */
  localPath: string | null;
  /** True when localPath is our own download (ours to delete); false for a user's LOCAL file. */
  downloaded: boolean;
  probe: ProbeInfo | null;
  compressed: CompressedCopy | null;
  temp: TempObject | null;
  analysis: VideoAnalysis | null;
  transcript: TranscriptSegment[] | null;
}

/** How a stage reports progress and learns it must stop. */
export interface StageControl {
  signal: AbortSignal;
  /** fraction in 0..1; message is a short human line ("compressing 42%"). */
  onProgress(fraction: number, message?: string): void;
}
