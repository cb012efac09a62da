/** Turns a response's token counts into a UsageEntry with a cost from the configured prices. */
import type { ModelPrice } from '../config.js';
import type { UsageEntry } from '../domain/types.js';

/** Token counts as OpenAI-compatible responses report them. */
export interface TokenUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
}

/** Cost of some tokens at per-1,000-token prices; 0 when the model has no configured price. */
export function tokenCost(promptTokens: number, completionTokens: number, price: ModelPrice | undefined): number {
  if (!price) return 0;
  return (promptTokens / 1000) * price.input + (completionTokens / 1000) * price.output;
}

/**
 * One UsageEntry for one response. Prices are looked up by the model we asked
 * for (the response may name a dated snapshot of it).
 */
export function usageEntry(input: {
  stage: UsageEntry['stage'];
  model: string;
  usage: TokenUsage | null | undefined;
  prices: Record<string, ModelPrice>;
  videoIndex: number | null;
  estimatedVideoTokens?: number | null;
  originalVideoTokens?: number | null;
}): UsageEntry {
  const promptTokens = input.usage?.prompt_tokens ?? 0;
  const completionTokens = input.usage?.completion_tokens ?? 0;
  return {
    stage: input.stage,
    model: input.model,
    promptTokens,
    completionTokens,
    cost: tokenCost(promptTokens, completionTokens, input.prices[input.model]),
    videoIndex: input.videoIndex,
    estimatedVideoTokens: input.estimatedVideoTokens ?? null,
    originalVideoTokens: input.originalVideoTokens ?? null,
  };
}
