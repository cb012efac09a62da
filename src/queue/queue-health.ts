/** What health shows about the BullMQ queue: workers alive and the depth per kind of job. */
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { QueueHealth } from '../workers/media-pool.js';
import { aliveWorkers } from './heartbeat.js';

// Depth is counted over at most this many jobs per state (health must stay cheap).
const SCAN_LIMIT = 1000;

/** Reads workers and queue depth; never throws (a Redis problem is reported as not ok). */
export async function describeQueue(deps: { queue: Queue; redis: Redis; workersKey: string; lockDurationMs: number; stalledIntervalMs: number }): Promise<QueueHealth> {
  let timer: NodeJS.Timeout | undefined;
  // Commands wait for a reconnect while Redis is down; health must answer anyway.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000);
  });
  try {
    const [beats, waiting, active] = await Promise.race([timeout, Promise.all([
      aliveWorkers(deps.redis, deps.workersKey),
      deps.queue.getJobs(['waiting', 'prioritized', 'delayed'], 0, SCAN_LIMIT - 1),
      deps.queue.getJobs(['active'], 0, SCAN_LIMIT - 1),
    ])]);
    const depth = new Map<string, { kind: string; waiting: number; active: number }>();
    const row = (kind: string) => depth.get(kind) ?? depth.set(kind, { kind, waiting: 0, active: 0 }).get(kind)!;
    for (const j of waiting) if (j) row(j.name).waiting++;
    for (const j of active) if (j) row(j.name).active++;
    const mismatched = beats.filter((b) => b.lockDurationMs !== deps.lockDurationMs || b.stalledIntervalMs !== deps.stalledIntervalMs);
    const notes = [
      `${beats.length} worker(s) alive`,
      ...(beats.length === 0 ? ['no worker is alive: jobs wait until one starts (autoclip worker)'] : []),
      ...(mismatched.length ? [`workers with other stall settings than this server: ${mismatched.map((b) => b.name).join(', ')}`] : []),
    ];
    return {
      ok: true,
      message: notes.join('; '),
      workers: beats.map((b) => ({ name: b.name, concurrency: b.concurrency, lastSeen: b.lastSeen, runningJobs: b.runningJobs })),
      depth: [...depth.values()].sort((a, b) => a.kind.localeCompare(b.kind)),
    };
  } catch (err) {
    return { ok: false, message: `redis: ${(err as Error).message}`, workers: [], depth: [] };
  } finally {
    clearTimeout(timer);
  }
}
