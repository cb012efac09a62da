/**
 * Child process of the GraphQL latency bench: opens SWARM_COUNT graphql-ws
 * connections to SWARM_URL, each subscribed to batchProgress(SWARM_BATCH),
 * and counts what arrives. It lives in its own process so that parsing 200
 * sockets' worth of events does not run on the server's event loop and get
 * billed to the server's query latency. Talks to the parent over IPC:
 * parent → { type: 'mark' | 'report' | 'close' }; child → { type: 'ready' | 'marked' | 'report' | 'error' }.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What the swarm reports after a measuring window. */
export interface SwarmReport {
  type: 'report';
  /** Events received by all subscriptions since the last mark. */
  events: number;
  seconds: number;
  /** Event `at` → receipt, ms (same machine clock). */
  lagP50Ms: number;
  lagP99Ms: number;
  /** Subscriptions that ended with an error. */
  errors: number;
}

const PROGRESS = 'subscription ($id: ID!) { batchProgress(batchId: $id) { batchId status stage progress videoIndex itemsDone itemsTotal message at } }';

function quantile(xs: number[], q: number): number {
  if (!xs.length) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
}

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const url = process.env.SWARM_URL!;
  const batchId = process.env.SWARM_BATCH!;
  const count = Number(process.env.SWARM_COUNT ?? 200);
  // A safety net: the swarm never outlives a stuck parent by long.
  const lifetime = setTimeout(() => process.exit(3), Number(process.env.SWARM_MAX_MS ?? 600_000));
  lifetime.unref();

  let events = 0;
  let lags: number[] = [];
  let errors = 0;
  let since = performance.now();
  let opened = 0;
  const clients: Client[] = [];
  const disposers: Array<() => void> = [];

  for (let i = 0; i < count; i++) {
    const client = createClient({ url: url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
    clients.push(client);
    let first = true;
    disposers.push(
      client.subscribe<{ batchProgress: { at: string } }>(
        { query: PROGRESS, variables: { id: batchId } },
        {
          next: (v) => {
            if (first) {
              first = false;
              if (++opened === count) send({ type: 'ready' });
            }
            events++;
            const at = v.data ? Date.parse(v.data.batchProgress.at) : Number.NaN;
            if (Number.isFinite(at)) lags.push(Date.now() - at);
          },
          error: (err) => {
            errors++;
            send({ type: 'error', message: String((err as Error)?.message ?? JSON.stringify(err)) });
          },
          complete: () => {},
        },
      ),
    );
  }

  process.on('message', async (m: { type: string }) => {
    if (m.type === 'mark') {
      events = 0;
      lags = [];
      since = performance.now();
      send({ type: 'marked' });
    } else if (m.type === 'report') {
      const report: SwarmReport = {
        type: 'report',
        events,
        seconds: (performance.now() - since) / 1000,
        lagP50Ms: quantile(lags, 0.5),
        lagP99Ms: quantile(lags, 0.99),
        errors,
      };
      send(report as unknown as Record<string, unknown>);
    } else if (m.type === 'close') {
      for (const d of disposers) d();
      await Promise.all(clients.map((c) => c.dispose()));
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
}

void main();
