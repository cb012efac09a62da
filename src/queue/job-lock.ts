/**
 * A worker's hold on the lock of one run. BullMQ renews locks by job id, so
 * two runs of one id in one worker (a stale run whose job Redis lost, or a job
 * retaken after a stall, next to its new run) confuse it: the first to end stops
 * the renewal of the other, which then stalls. Each run therefore renews its
 * own lock by its own token, and a run whose lock is gone (Redis restarted
 * empty, or the job was given to another run) is stopped: its result could no
 * longer be recorded, and its job already runs again elsewhere.
 */
import type { Job } from 'bullmq';

/** Why a run was stopped when its lock was gone. */
export const LOCK_LOST = 'lost the job’s lock (Redis restarted or the job was taken over); stopped';

/** Renews the lock of `job` held by `token` every third of `lockDurationMs`; calls `onLost` once when it is gone. Returns the stop function. */
export function holdJobLock(job: Pick<Job, 'extendLock'>, token: string | undefined, lockDurationMs: number, onLost: () => void): () => void {
  if (!token) return () => undefined;
  let inFlight = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (inFlight || stopped) return;
    inFlight = true;
    job.extendLock(token, lockDurationMs).then(
      (extended) => {
        inFlight = false;
        if (!extended && !stopped) {
          stopped = true;
          clearInterval(timer);
          onLost();
        }
      },
      // Redis unreachable: the command waited and failed; keep trying, the lock may still be there.
      () => (inFlight = false),
    );
  }, Math.max(100, Math.floor(lockDurationMs / 3)));
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
