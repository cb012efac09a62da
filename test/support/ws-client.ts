/** A real graphql-ws client and an SSE reader for tests. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** Opens a graphql-ws client against the app. */
export function wsClient(url: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Collects every value of a subscription until it completes (or `until` says stop). */
export function collect<T = any>(client: Client, query: string, variables: Record<string, unknown>, until?: (v: T) => boolean): Promise<T[]> {
  const values: T[] = [];
  return new Promise((resolve, reject) => {
    const dispose = client.subscribe<T>(
      { query, variables },
      {
        next: (v) => {
          if (v.errors) return reject(new Error(JSON.stringify(v.errors)));
          values.push(v.data as T);
          if (until?.(v.data as T)) {
            dispose();
            resolve(values);
          }
        },
        // graphql-ws hands over an array of GraphQL errors, a CloseEvent or an Error.
        error: (err: unknown) => {
          if (Array.isArray(err)) return reject(new Error(err.map((e: { message: string }) => e.message).join('; ')));
          if (err instanceof Error) return reject(err);
          const close = err as { code?: number; reason?: string };
          reject(Object.assign(new Error(`socket closed ${close.code} ${close.reason ?? ''}`), { code: close.code }));
        },
        complete: () => resolve(values),
      },
    );
  });
}

/** Reads a subscription over Server-Sent Events until the stream ends. */
export async function sse<T = any>(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T[]> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  if (!res.ok || !res.body) throw new Error(`SSE request failed: ${res.status}`);
  const values: T[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let idx;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim())
        .join('\n');
      if (event === 'complete') return values;
      if (data) {
        const parsed = JSON.parse(data) as { data?: T; errors?: unknown };
        if (parsed.errors) throw new Error(JSON.stringify(parsed.errors));
        if (parsed.data) values.push(parsed.data);
      }
    }
  }
  return values;
}
