/**
 * DashScope's asynchronous file transcription REST API (Paraformer, fun-asr):
 * submit a task for a file URL, poll it, fetch the result JSON.
 */
import { AbortError } from '../../domain/errors.js';
import type { TranscriptSegment } from '../../domain/types.js';
import { abortableSleep, withRetry, type RetryOptions } from '../retry.js';

/** A non-2xx answer, shaped like the SDK's errors so classifyError can judge it. */
export class DashScopeHttpError extends Error {
  override name = 'DashScopeHttpError';
  constructor(
    message: string,
    readonly status: number,
    readonly headers: Headers,
  ) {
    super(message);
  }
}

/** How to reach the service. */
export interface ParaformerClientOptions {
  baseUrl: string;
  apiKey: string;
  model: string;
  pollIntervalMs: number;
  retry: RetryOptions;
  fetch?: typeof fetch;
  /** Give up polling after this long (the service normally needs seconds to minutes). */
  maxWaitMs?: number;
  /** Extra headers on the submit (an `oss://` file URL needs X-DashScope-OssResourceResolve: enable). */
  submitHeaders?: Record<string, string>;
}

interface TaskOutput {
  task_id?: string;
  task_status?: string;
  message?: string;
  code?: string;
  results?: Array<{ file_url?: string; transcription_url?: string; subtask_status?: string; message?: string; code?: string }>;
}

/** Converts a result file's sentences (milliseconds) into transcript segments (seconds). */
export function sentencesToSegments(result: unknown): TranscriptSegment[] {
  const transcripts = (result as { transcripts?: Array<{ sentences?: Array<{ begin_time?: number; end_time?: number; text?: string }> }> })?.transcripts ?? [];
  const out: TranscriptSegment[] = [];
  for (const t of transcripts) {
    for (const s of t.sentences ?? []) {
      if (typeof s.begin_time !== 'number' || typeof s.end_time !== 'number' || !s.text?.trim()) continue;
      out.push({ start: s.begin_time / 1000, end: s.end_time / 1000, text: s.text.trim() });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Submits, polls until SUCCEEDED or FAILED, and returns the segments of the one file. */
export async function transcribeUrl(fileUrl: string, options: ParaformerClientOptions, signal?: AbortSignal): Promise<TranscriptSegment[]> {
  const doFetch = options.fetch ?? fetch;
  const auth = { authorization: `Bearer ${options.apiKey}` };
  const call = async (url: string, init: RequestInit): Promise<unknown> =>
    withRetry(
      async () => {
        const res = await doFetch(url, { ...init, signal });
        const text = await res.text();
        if (!res.ok) throw new DashScopeHttpError(`DashScope ${init.method ?? 'GET'} ${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 300)}`, res.status, res.headers);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new Error(`DashScope ${new URL(url).pathname} answered with something that is not JSON: ${text.slice(0, 200)}`);
        }
      },
      { ...options.retry, signal },
    );

  const submitted = (await call(`${options.baseUrl}/api/v1/services/audio/asr/transcription`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'x-dashscope-async': 'enable', ...options.submitHeaders },
    body: JSON.stringify({ model: options.model, input: { file_urls: [fileUrl] }, parameters: { language_hints: ['zh', 'en'] } }),
  })) as { output?: TaskOutput };
  const taskId = submitted.output?.task_id;
  if (!taskId) throw new Error('DashScope accepted the transcription without a task_id');

  const deadline = Date.now() + (options.maxWaitMs ?? 30 * 60_000);
  for (;;) {
    if (signal?.aborted) throw new AbortError();
    const polled = (await call(`${options.baseUrl}/api/v1/tasks/${encodeURIComponent(taskId)}`, { method: 'GET', headers: auth })) as { output?: TaskOutput };
    const out = polled.output ?? {};
    if (out.task_status === 'SUCCEEDED') {
      const first = out.results?.[0];
      if (!first || first.subtask_status === 'FAILED' || !first.transcription_url) {
        throw new Error(`transcription failed: ${first?.code ?? ''} ${first?.message ?? 'no result for the file'}`.trim());
      }
      const result = await call(first.transcription_url, { method: 'GET' });
      return sentencesToSegments(result);
    }
    if (out.task_status === 'FAILED' || out.task_status === 'UNKNOWN' || out.task_status === 'CANCELED') {
      throw new Error(`transcription task ${out.task_status}: ${out.code ?? ''} ${out.message ?? ''}`.trim());
    }
    if (Date.now() > deadline) throw new Error(`transcription task ${taskId} did not finish in time`);
    await abortableSleep(options.pollIntervalMs, signal);
  }
}
