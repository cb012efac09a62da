/** `autoclip worker`: reads the worker configuration, finds ffmpeg, runs until SIGTERM/SIGINT. */
import pino from 'pino';
import { ConfigError } from '../config-readers.js';
import { startMediaWorker } from '../queue/media-worker.js';
import { loadWorkerConfig } from '../queue/queue-config.js';
import { resolveMediaTools } from '../workers/ffmpeg/resolve.js';
import { EXIT } from './exit-codes.js';

/** Runs a worker until a signal; the first signal hands running jobs back to the queue, a second exits at once. */
export async function runWorker(io: { env: NodeJS.ProcessEnv; cwd: string; stderr: NodeJS.WritableStream }): Promise<number> {
  let config;
  try {
    config = loadWorkerConfig(io.env, io.cwd);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    io.stderr.write(`autoclip worker: ${err.message}\n`);
    return EXIT.USAGE;
  }
  const log = pino({ level: config.logLevel });
  const tools = await resolveMediaTools(config);
  const worker = await startMediaWorker(config, tools, log);
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = () => {
      if (stopping) process.exit(EXIT.INTERRUPTED);
      stopping = true;
      log.info('stopping: running jobs go back to the queue');
      void worker.close(true).then(resolve);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return EXIT.OK;
}
