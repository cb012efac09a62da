/** Starts a real autoclip app for a test: temp data dir, port 0, real SQLite, pool, storage and ffmpeg. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { buildApp, type App, type AppServices } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createServices } from '../../src/services.js';

/** A running app and where it lives. */
export interface TestApp {
  app: App;
  services: AppServices;
  config: Config;
  url: string;
  dir: string;
  mediaRoot: string;
  stop(): Promise<void>;
}

/** Starts an app; `env` overrides the environment, `patch` the built services (e.g. fixture stages). */
export async function startTestApp(
  options: { env?: Record<string, string>; dir?: string; patch?: (s: AppServices) => Partial<AppServices> } = {},
): Promise<TestApp> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'autoclip-test-'));
  const mediaRoot = path.join(dir, 'media');
  fs.mkdirSync(mediaRoot, { recursive: true });
  const config = loadConfig({
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: path.join(dir, 'data'),
    MEDIA_ROOTS: mediaRoot,
    WORKER_THREADS: '2',
    RETRY_BASE_DELAY_MS: '10',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const base = await createServices(config, { log: pino({ level: 'silent' }) });
  const services = { ...base, ...options.patch?.(base) };
  const app = buildApp(services);
  const { url } = await app.start();
  return {
    app,
    services,
    config,
    url,
    dir,
    mediaRoot,
    async stop() {
      await app.stop();
    },
  };
}

/** POSTs a GraphQL operation and returns `data`, failing on top-level errors unless asked not to. */
export async function gql<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: { headers?: Record<string, string>; allowErrors?: boolean } = {},
): Promise<{ data: T; errors?: { message: string; extensions?: Record<string, unknown> }[]; status: number }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: { message: string }[] };
  if (body.errors && !options.allowErrors) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return { ...body, status: res.status };
}
