/** The one error a model call ends with: a scrubbed message and enough structure to decide on retries. */
import { classifyError } from './retry.js';
import { scrubSecret } from './scrub-secret.js';

/** A model endpoint refused or failed; `status` is the HTTP status when there was one. */
export class ModelApiError extends Error {
  override name = 'ModelApiError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/**
 * Turns whatever an SDK or fetch threw into a ModelApiError whose message
 * names the operation and never contains the key. Abort errors pass through.
 */
export function toModelApiError(err: unknown, operation: string, secrets: readonly (string | null | undefined)[]): Error {
  const e = err as { name?: string; status?: unknown; message?: unknown };
  if (e?.name === 'AbortError' || e?.name === 'ModelApiError') return err as Error;
  const decision = classifyError(err);
  if (decision.reason === 'aborted') return err as Error;
  const status = typeof e?.status === 'number' ? e.status : null;
  const raw = typeof e?.message === 'string' ? e.message : String(err);
  return new ModelApiError(scrubSecret(`${operation} failed: ${raw}`, secrets), status, decision.retry);
}
