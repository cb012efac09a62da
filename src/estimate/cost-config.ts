/** Prices that are not per token: temporary storage and speech recognition, with their defaults' date. */

/** Non-token prices, ¥. */
export interface CostConfig {
  /** OSS Standard storage, ¥ per GB-month (30 days). */
  ossPerGbMonth: number;
  /** Speech recognition, ¥ per hour of audio. */
  asrPerHour: number;
  /** When the default prices were checked against the published list prices. */
  pricesAsOf: string;
}

/**
 * Mainland-China list prices, pay-as-you-go:
 * - OSS Standard (LRS) storage ¥0.12 per GB-month (Aliyun OSS pricing page;
 *   billed hourly as GB × price / 30 / 24; the 5 GB/month free quota for
 *   Standard LRS is not subtracted);
 * - Paraformer (paraformer-v2) recorded-file recognition ¥0.00008 per second
 *   of audio = ¥0.288 per hour (Model Studio "model pricing", speech
 *   recognition; new accounts' free seconds are not subtracted);
 * - tokens (AI_PRICES defaults): Model Studio's qwen-vl-plus and qwen-plus
 *   ¥0.0008 in / ¥0.002 out per 1,000 tokens.
 * Set 2025-12; the OSS and Paraformer prices re-checked 2026-11-30, unchanged.
 * Prices change: override with OSS_PRICE_PER_GB_MONTH, ASR_PRICE_PER_HOUR and AI_PRICES.
 */
export const DEFAULT_COSTS: CostConfig = { ossPerGbMonth: 0.12, asrPerHour: 0.288, pricesAsOf: '2025-12' };

/** Reads the two prices from the environment; a bad value goes to `fail` with its variable. */
export function parseCostConfig(env: Record<string, string | undefined>, fail: (variable: string, message: string) => never): CostConfig {
  const num = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) fail(name, `must be a price in ¥ (a number ≥ 0), got "${raw}"`);
    return n;
  };
  const ossPerGbMonth = num('OSS_PRICE_PER_GB_MONTH', DEFAULT_COSTS.ossPerGbMonth);
  const asrPerHour = num('ASR_PRICE_PER_HOUR', DEFAULT_COSTS.asrPerHour);
  const custom = ossPerGbMonth !== DEFAULT_COSTS.ossPerGbMonth || asrPerHour !== DEFAULT_COSTS.asrPerHour;
  return { ossPerGbMonth, asrPerHour, pricesAsOf: custom ? 'configured' : DEFAULT_COSTS.pricesAsOf };
}
