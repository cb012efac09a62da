/** Runs a piece of work now and then every so often, never two at once (the sweepers). */

/** A periodic run: `start` runs it at once and then every `intervalSeconds`; `stop` waits for a run in progress. */
export interface Periodic {
  start(intervalSeconds: number): void;
  /** Stops the timer and waits for a run in progress. Idempotent. */
  stop(): Promise<void>;
}

/** Schedules `run`; a failed run goes to `onError` and the next one runs as planned. The timer never keeps the process alive. */
export function periodic(run: () => Promise<unknown>, onError: (err: Error) => void): Periodic {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const tick = (): void => {
    if (running) return;
    running = run()
      .then(() => undefined, (err: Error) => onError(err))
      .finally(() => {
        running = null;
      });
  };
  return {
    start(intervalSeconds) {
      if (timer) return;
      tick();
      timer = setInterval(tick, intervalSeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
