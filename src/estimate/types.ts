/** The shape of a cost estimate (tokens and ¥), stored on the batch and returned by estimateBatch. */

/** One model call the batch is expected to make. */
export interface CallEstimate {
  /** VL_ANALYSIS, PLAN_GENERATION or ASR. */
  stage: 'VL_ANALYSIS' | 'PLAN_GENERATION' | 'ASR';
  model: string;
  /** The video the call is about; null for batch-level calls. */
  videoIndex: number | null;
  /** Expected prompt tokens with the compression profile's request. */
  promptTokens: number;
  /** Expected prompt tokens if the original were sent as it is. */
  promptTokensUncompressed: number;
  completionTokens: number;
  /** ¥ with the compressed request. */
  cost: number;
  /** ¥ if the original were sent. */
  costUncompressed: number;
  /** Seconds of audio transcribed (ASR calls), else 0. */
  audioSeconds: number;
  /** How the numbers were reached, one line. */
  basis: string;
}

/** What one video is expected to cost. */
export interface VideoEstimate {
  index: number;
  durationSeconds: number;
  width: number;
  height: number;
  profile: string;
  promptTokens: number;
  promptTokensUncompressed: number;
  cost: number;
  costUncompressed: number;
  /** Expected size of the compressed copy, bytes (bitrate ceiling × duration). */
  compressedBytes: number;
}

/** The whole estimate. */
export interface BatchEstimate {
  currency: 'CNY';
  calls: CallEstimate[];
  videos: VideoEstimate[];
  promptTokens: number;
  promptTokensUncompressed: number;
  completionTokens: number;
  /** ¥ of the model calls and ASR, with compression. */
  modelCost: number;
  modelCostUncompressed: number;
  /** Bytes kept in temporary storage and for how long. */
  storageBytes: number;
  storageSeconds: number;
  storageCost: number;
  /** Storage if the originals were uploaded instead of the copies. */
  storageCostUncompressed: number;
  /** modelCost + storageCost. */
  totalCost: number;
  totalCostUncompressed: number;
  /** The prices used and the date they were checked. */
  pricesAsOf: string;
  /** Notes on what the estimate assumes. */
  notes: string[];
}
