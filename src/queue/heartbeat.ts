/**
 * Workers announce themselves in one Redis hash every few seconds (name,
 * concurrency, running jobs, stall settings); health lists the ones seen
 * recently. Redis restarted empty loses the hash until the next beat.
 */
import type { Redis } from 'ioredis';

/** How often a worker beats. */
export const HEARTBEAT_MS = 2000;
/** A worker not seen for this long is not alive. */
export const ALIVE_MS = HEARTBEAT_MS * 3;
// Entries this old are removed when health reads the hash.
const FORGET_MS = 3600_000;

/** One worker as it announces itself. */
export interface WorkerBeat {
  name: string;
  concurrency: number;
  runningJobs: number;
  lastSeen: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/** Writes one beat. */
export async function beat(redis: Redis, key: string, b: WorkerBeat): Promise<void> {
  await redis.hset(key, b.name, JSON.stringify(b));
}

/** Removes a worker that stops cleanly. */
export async function forget(redis: Redis, key: string, name: string): Promise<void> {
  await redis.hdel(key, name);
}

/** The workers seen within ALIVE_MS, by name; forgets long-dead ones. */
export async function aliveWorkers(redis: Redis, key: string, now: number = Date.now()): Promise<WorkerBeat[]> {
  const all = await redis.hgetall(key);
  const alive: WorkerBeat[] = [];
  for (const [name, raw] of Object.entries(all)) {
    let b: WorkerBeat;
    try {
      b = JSON.parse(raw) as WorkerBeat;
    } catch {
      await redis.hdel(key, name);
      continue;
    }
    const age = now - Date.parse(b.lastSeen);
    if (age > FORGET_MS) await redis.hdel(key, name);
    else if (age <= ALIVE_MS) alive.push(b);
  }
  return alive.sort((a, b) => a.name.localeCompare(b.name));
}
