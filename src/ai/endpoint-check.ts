/**
 * Checks at start that the model endpoint (AI_BASE_URL) answers at all. Any
 * HTTP answer counts as reachable (a wrong key is the model calls' business);
 * no answer is a warning in `health` that suggests the offline analyzer.
 * It never stops the server from starting.
 */

/** What the last check found. */
export interface EndpointStatus {
  url: string;
  reachable: boolean | null;
  message: string;
}

/** Probes `GET {baseUrl}/models` once; `status()` returns the outcome (null reachability until it ran). */
export function createEndpointCheck(options: { baseUrl: string; apiKey: string | null; timeoutMs?: number; fetch?: typeof fetch }) {
  const url = options.baseUrl;
  let current: EndpointStatus = { url, reachable: null, message: 'not checked yet' };
  const doFetch = options.fetch ?? fetch;
  return {
    status: (): EndpointStatus => current,
    /** Runs the probe; resolves (never rejects) with the new status. */
    async check(): Promise<EndpointStatus> {
      try {
        const res = await doFetch(`${url.replace(/\/+$/, '')}/models`, {
          headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
        await res.body?.cancel();
        current = { url, reachable: true, message: `answered HTTP ${res.status}` };
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
        current = {
          url,
          reachable: false,
          message: `the model endpoint ${url} is unreachable (${cause}); check AI_BASE_URL (China mainland: https://dashscope.aliyuncs.com/compatible-mode/v1, international: https://dashscope-intl.aliyuncs.com/compatible-mode/v1) or set ANALYZER=offline`,
        };
      }
      return current;
    },
  };
}

/** The check as the app holds it. */
export type EndpointCheck = ReturnType<typeof createEndpointCheck>;
