/** The batch's compression summary: bytes, ratio and the model's video tokens before and after. */
import type { CompressedCopy, ProbeInfo } from '../domain/types.js';
import { estimateVideoTokens, QWEN25_VL_RULE, type VisionTokenRule } from './vision-tokens.js';

/** One compressed video as the summary needs it. */
export interface SummaryInput {
  probe: Pick<ProbeInfo, 'sizeBytes' | 'width' | 'height' | 'durationSeconds' | 'fps'>;
  compressed: Pick<CompressedCopy, 'sizeBytes' | 'width' | 'height' | 'durationSeconds' | 'fps'>;
}

/** Totals over the compressed videos of a batch. */
export interface CompressionSummary {
  videos: number;
  originalBytes: number;
  compressedBytes: number;
  /** Mean over the videos of original size ÷ compressed size (8 means eight times smaller); 0 with no videos. */
  averageRatio: number;
  originalTokens: number;
  compressedTokens: number;
  /** How much fewer tokens the compressed copies cost, in percent (negative if more). */
  tokenSavingsPercent: number;
  /** The token rule used, e.g. "qwen2.5-vl (factor 28, 2 fps, 4–768 frames, …)". */
  rule: string;
}

/** How to count a video's tokens, when the caller knows the request better than the bare rule. */
export interface TokenCounter {
  original(input: SummaryInput): number;
  compressed(input: SummaryInput): number;
  /** The rule's description. */
  rule: string;
}

/** Sums sizes and token estimates over the videos that have a compressed copy. */
export function summarizeCompression(videos: readonly SummaryInput[], rule: VisionTokenRule = QWEN25_VL_RULE, counter?: TokenCounter): CompressionSummary {
  let originalBytes = 0;
  let compressedBytes = 0;
  let ratioSum = 0;
  let originalTokens = 0;
  let compressedTokens = 0;
  for (const { probe, compressed } of videos) {
    originalBytes += probe.sizeBytes;
    compressedBytes += compressed.sizeBytes;
    ratioSum += compressed.sizeBytes > 0 ? probe.sizeBytes / compressed.sizeBytes : 0;
    originalTokens += counter ? counter.original({ probe, compressed }) : estimateVideoTokens(probe, rule).tokens;
    compressedTokens += counter ? counter.compressed({ probe, compressed }) : estimateVideoTokens(compressed, rule).tokens;
  }
  const f = rule.factor;
  return {
    videos: videos.length,
    originalBytes,
    compressedBytes,
    averageRatio: videos.length ? round2(ratioSum / videos.length) : 0,
    originalTokens,
    compressedTokens,
    tokenSavingsPercent: originalTokens > 0 ? round2((100 * (originalTokens - compressedTokens)) / originalTokens) : 0,
    rule: counter?.rule ??
      `${rule.name} (qwen-vl-utils smart_resize, factor ${f}, ${rule.sampleFps} fps sampling, ` +
      `${rule.minFrames}–${rule.maxFrames} frames, ${rule.minPixelsFactor2}·${f}²–${rule.maxPixelsFactor2}·${f}² pixels per frame, ` +
      `${rule.totalPixelsFactor2}·${f}² per video, tokens = ceil(frames/${rule.frameFactor})·(H/${f})·(W/${f}) + ${rule.wrapperTokens})`,
  };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
