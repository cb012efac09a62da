/** Redis connections and the key names autoclip adds next to BullMQ's own. */
import { Redis } from 'ioredis';

/** Opens a connection as BullMQ wants it (no per-command retry limit: commands wait for a reconnect). */
export function connectRedis(url: string, name: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: false });
}

/** Keys and channels of one queue. */
export function queueKeys(queueName: string) {
  const base = `autoclip:${queueName}`;
  return {
    /** Hash: worker name → JSON heartbeat (see heartbeat.ts). */
    workers: `${base}:workers`,
    /** Pub/sub channel: a job id whose run must stop. */
    cancelChannel: `${base}:cancel`,
    /** Marker that a job was cancelled (a worker that takes it later drops it). */
    cancelled: (jobId: string) => `${base}:cancelled:${jobId}`,
  };
}
