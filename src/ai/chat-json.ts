/**
 * One JSON conversation with a chat model: ask, parse, validate; when the
 * answer is unusable, ONE repair request that carries the bad answer and the
 * problems; then give up with an error that shows (part of) the answer.
 */
import type OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { toModelApiError } from './model-api-error.js';
import { ModelJsonError, parseModelJson } from './parse-model-json.js';
import { withRetry, type RetryOptions } from './retry.js';
import { scrubSecret } from './scrub-secret.js';
import type { TokenUsage } from './usage-entry.js';

/** A content part, including the DashScope video parts the SDK's types do not know. */
export type ChatPart =
  | { type: 'text'; text: string }
  | { type: 'video_url'; video_url: { url: string }; fps?: number; max_pixels?: number }
  | { type: 'video'; video: string[]; fps?: number; max_pixels?: number };

/** A chat message as we build it. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ChatPart[];
}

/**
 * The result of validating a parsed answer; problems are phrased for the
 * model. `keep`: a value usable despite the problems (soft rules only), taken
 * when the repair does not fix them.
 */
export type JsonCheck<T> = { ok: true; value: T } | { ok: false; problems: string[]; keep?: T };

/** The model's answer stayed unusable after the repair request. */
export class ModelAnswerError extends Error {
  override name = 'ModelAnswerError';
  constructor(
    message: string,
    readonly problems: string[],
    readonly answer: string,
  ) {
    super(message);
  }
}

/** How much of a bad answer an error message quotes. */
export const ANSWER_QUOTE_CHARS = 600;

/** One conversation's settings. */
export interface ChatJsonRequest<T> {
  client: OpenAI;
  model: string;
  messages: ChatMessage[];
  /** Ask for `response_format: json_object` (text models only; VL models reject it). */
  jsonMode: boolean;
  maxTokens?: number;
  validate(value: unknown): JsonCheck<T>;
  /** Text of the repair request, given the problems. */
  repairPrompt(problems: string[]): string;
  retry: RetryOptions;
  signal?: AbortSignal;
  /** Strings that must never appear in errors (the API key). */
  secrets: readonly (string | null | undefined)[];
  /** Names the call in errors ("analysis of video 2"). */
  operation: string;
  onRetry?(info: { attempt: number; delayMs: number; reason: string }): void;
}

/** What a successful conversation yields: the value and each response's token usage. */
export interface ChatJsonResult<T> {
  value: T;
  usages: Array<TokenUsage | null>;
  /** The soft problems the value was kept with, after the repair; absent when it is clean. */
  keptDespite?: string[];
}

/** The SDK's message types lack DashScope's `video` part: the one narrow cast lives here. */
function toSdkMessages(messages: ChatMessage[]): ChatCompletionMessageParam[] {
  return messages as unknown as ChatCompletionMessageParam[];
}

function quote(answer: string): string {
  const a = answer.trim();
  return a.length > ANSWER_QUOTE_CHARS ? `${a.slice(0, ANSWER_QUOTE_CHARS)}… (${a.length} characters)` : a;
}

/** Runs the conversation (with HTTP retries per call); throws ModelAnswerError or ModelApiError. */
export async function chatJson<T>(req: ChatJsonRequest<T>): Promise<ChatJsonResult<T>> {
  const usages: Array<TokenUsage | null> = [];
  const messages = [...req.messages];

  const ask = async (): Promise<string> => {
    let response: ChatCompletion;
    try {
      response = await withRetry(
        () =>
          req.client.chat.completions.create(
            {
              model: req.model,
              messages: toSdkMessages(messages),
              ...(req.jsonMode ? { response_format: { type: 'json_object' as const } } : {}),
              ...(req.maxTokens ? { max_tokens: req.maxTokens } : {}),
            },
            { signal: req.signal },
          ),
        { ...req.retry, signal: req.signal, onRetry: req.onRetry },
      );
    } catch (err) {
      throw toModelApiError(err, req.operation, req.secrets);
    }
    usages.push(response.usage ?? null);
    return response.choices[0]?.message?.content ?? '';
  };

  const check = (answer: string): JsonCheck<T> => {
    try {
      return req.validate(parseModelJson(answer));
    } catch (err) {
      if ((err as Error).name === 'ModelJsonError') return { ok: false, problems: [(err as ModelJsonError).message] };
      throw err;
    }
  };

  const first = await ask();
  const firstCheck = check(first);
  if (firstCheck.ok) return { value: firstCheck.value, usages };

  messages.push({ role: 'assistant', content: first }, { role: 'user', content: req.repairPrompt(firstCheck.problems) });
  const second = await ask();
  const secondCheck = check(second);
  if (secondCheck.ok) return { value: secondCheck.value, usages };
  if (secondCheck.keep !== undefined) return { value: secondCheck.keep, usages, keptDespite: secondCheck.problems };

  const message = scrubSecret(
    `${req.operation}: the model's answer is unusable after one repair request (${secondCheck.problems.slice(0, 5).join('; ')}). Answer: ${quote(second)}`,
    req.secrets,
  );
  throw new ModelAnswerError(message, secondCheck.problems, quote(second));
}
