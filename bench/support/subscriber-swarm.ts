/**
 * Child process of the GraphQL latency bench: opens SWARM_COUNT graphql-ws
 * connections to SWARM_URL on request, each subscribed to
 * batchProgress(SWARM_BATCH), and counts what arrives. It lives in its own
 * process so that parsing 200 sockets' worth of events does not run on the
 * server's event loop and get billed to the server's query latency. Talks to
 * the parent over IPC: parent → { type: 'open' | 'mark' | 'report' | 'drop' | 'close' };
 * child → { type: 'ready' | 'opened' | 'marked' | 'report' | 'dropped' | 'error' }.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** What the swarm reports after a measuring window. */
export interface SwarmReport {
  type: 'report';
  /** Events received by all subscriptions since the last mark. */
  events: number;
  seconds: number;
  /** Event `at` → receipt, ms (same machine clock), one per event received since the last mark. */
  lagsMs: number[];
  /** Subscriptions that ended with an error since the swarm started (not reset by a mark). */
  errors: number;
  /** CPU seconds this process used since the last mark (it shares the machine's cores with the server). */
  cpuSeconds: number;
}

const PROGRESS = 'subscription ($id: ID!) { batchProgress(batchId: $id) { batchId status stage progress videoIndex itemsDone itemsTotal message at } }';

function send(message: Record<string, unknown>): void {
  process.send?.(message);
}

/** The open connections, and a way to close them all. */
interface Open {
  clients: Client[];
  disposers: Array<() => void>;
  /** One per connection, settled when its socket closed. */
  closed: Array<Promise<void>>;
}

function main(): void {
  const url = process.env.SWARM_URL!;
  const batchId = process.env.SWARM_BATCH!;
  const count = Number(process.env.SWARM_COUNT ?? 200);
  // A safety net: the swarm never outlives a stuck parent by long.
  const lifetime = setTimeout(() => process.exit(3), Number(process.env.SWARM_MAX_MS ?? 900_000));
  lifetime.unref();

  let events = 0;
  let lags: number[] = [];
  let errors = 0;
  let since = performance.now();
  let cpuSince = process.cpuUsage();
  let open: Open | null = null;

  /** Opens `count` connections, one subscription each; says 'opened' when every one got its first event. */
  const openAll = () => {
    const now: Open = { clients: [], disposers: [], closed: [] };
    open = now;
    let started = 0;
    for (let i = 0; i < count; i++) {
      const client = createClient({ url: url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
      now.clients.push(client);
      now.closed.push(new Promise((resolve) => client.on('closed', () => resolve())));
      let first = true;
      now.disposers.push(
        client.subscribe<{ batchProgress: { at: string } }>(
          { query: PROGRESS, variables: { id: batchId } },
          {
            next: (v) => {
              if (first) {
                first = false;
                if (++started === count) send({ type: 'opened' });
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
  };

  const dropAll = async () => {
    const was = open;
    open = null;
    if (!was) return;
    for (const d of was.disposers) d();
    await Promise.all(was.clients.map((c) => c.dispose()));
    // The server has seen every socket go before the next phase measures.
    await Promise.all(was.closed);
  };

  process.on('message', async (m: { type: string }) => {
    if (m.type === 'open') openAll();
    else if (m.type === 'mark') {
      events = 0;
      lags = [];
      since = performance.now();
      cpuSince = process.cpuUsage();
      send({ type: 'marked' });
    } else if (m.type === 'report') {
      const cpu = process.cpuUsage(cpuSince);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const report: SwarmReport = { type: 'report', events, seconds: (performance.now() - since) / 1000, lagsMs: lags, errors, cpuSeconds };
      send(report as unknown as Record<string, unknown>);
    } else if (m.type === 'drop') {
      await dropAll();
      send({ type: 'dropped' });
    } else if (m.type === 'close') {
      await dropAll();
      process.exit(0);
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

main();
