/**
 * How long the server's Redis connection has been down. Commands wait for the
 * reconnect (no per-command retry limit), so a short outage only delays jobs;
 * this clock is what bounds the wait: past `waitMs` the runs that wait fail
 * with a RedisUnreachableError saying so.
 */
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A run gave up because Redis could not be reached for longer than QUEUE_REDIS_WAIT_SECONDS. */
export class RedisUnreachableError extends Error {
  override name = 'RedisUnreachableError';
  /** The stage does not try again: the wait was already the allowed one (a retry of the batch resumes). */
  readonly retryable = false;
}

/** The outage clock of one connection. */
export interface RedisOutage {
  /** True while the connection is ready. */
  up(): boolean;
  /** Notes the connection's state now; true when it has been down for longer than the allowed wait. */
  exceeded(now?: number): boolean;
  /** The error a waiting run of `kind` fails with once the wait is exceeded. */
  error(kind: string): RedisUnreachableError;
}

/** Where Redis is, without credentials (for messages). */
function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'Redis';
  }
}

/** Watches `client` (the connection the server's queue commands wait on). */
export function watchRedisOutage(client: Redis, options: { url: string; waitMs: number; log: Logger }): RedisOutage {
  let downSince: number | null = null;
  const where = redisAddress(options.url);
  const seconds = Math.round(options.waitMs / 1000);
  const noteDown = (now: number) => {
    if (downSince !== null) return;
    downSince = now;
    options.log.warn({ redis: where, waitSeconds: seconds }, `redis is unreachable; jobs wait for it (up to ${seconds} s, QUEUE_REDIS_WAIT_SECONDS)`);
  };
  // A closed client ('end': the pool is closing) is not an outage.
  client.on('close', () => client.status !== 'end' && noteDown(Date.now()));
  client.on('ready', () => {
    if (downSince !== null) options.log.info({ redis: where, downMs: Date.now() - downSince }, 'redis is reachable again');
    downSince = null;
  });
  return {
    up: () => client.status === 'ready',
    exceeded(now = Date.now()) {
      if (client.status === 'ready' || client.status === 'end') {
        downSince = null;
        return false;
      }
      noteDown(now);
      return now - downSince! > options.waitMs;
    },
    error(kind) {
      return new RedisUnreachableError(
        `Redis (${where}) was unreachable for more than ${seconds} s (QUEUE_REDIS_WAIT_SECONDS), so the ${kind} job could not be followed; check Redis and retry the batch`,
      );
    },
  };
}
