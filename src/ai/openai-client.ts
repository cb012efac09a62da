/** Builds the `openai` client for the configured OpenAI-compatible endpoint. */
import OpenAI from 'openai';
import type { AiConfig } from '../config.js';

/** Extra knobs for tests (a custom fetch) and callers that need another timeout. */
export interface OpenAiClientOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * An OpenAI client on `config.ai.baseUrl` with the configured key and
 * timeout. The SDK's own retries are off: `withRetry` does them, so that
 * cancellation and Retry-After are under our control.
 */
export function createOpenAiClient(ai: AiConfig, options: OpenAiClientOptions = {}): OpenAI {
  if (!ai.apiKey) throw new Error('no AI API key is configured (AI_API_KEY or DASHSCOPE_API_KEY)');
  return new OpenAI({
    apiKey: ai.apiKey,
    baseURL: ai.baseUrl,
    timeout: options.timeoutMs ?? ai.timeoutMs,
    maxRetries: 0,
    // The SDK's debug logging would print request details; our logger reports calls.
    logLevel: 'warn',
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
