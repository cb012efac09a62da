/** The server's entry point: the only place that reads the environment and listens. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { installProcessGuards } from './process-guards.js';
import { createServices } from './services.js';

/** autoclip's version, from the package.json above this file (src/ or dist/src/). */
function packageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

const version = packageVersion();

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`autoclip: configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const services = await createServices(config, { version });
  installProcessGuards(services.log);
  const app = buildApp(services);
  const { url } = await app.start();
  console.log(`autoclip ${version}: review app at ${url}/, GraphiQL at ${url}/graphql (analyzer: ${config.ai.analyzer}, storage: ${config.storage.driver}, data: ${config.dataDir})`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    services.log.info({ signal }, 'stopping: unfinished batches resume on the next start');
    app.stop().then(
      () => process.exit(0),
      (err) => {
        services.log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(`autoclip: failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
