/**
 * Process-level handlers: an error that escaped every other guard is logged and the
 * server keeps serving (one batch may be stuck; every other client still gets answers).
 */
import type { Logger } from 'pino';

/** Installs the handlers; returns a function that removes them. */
export function installProcessGuards(log: Logger): () => void {
  const onRejection = (reason: unknown) => {
    log.error({ err: reason }, 'unhandled promise rejection (the server keeps running)');
  };
  const onException = (err: Error, origin: string) => {
    log.fatal({ err, origin }, 'uncaught exception (the server keeps running)');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
