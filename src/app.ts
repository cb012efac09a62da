/**
 * buildApp(services) → { yoga, server, runner, start, stop }. Building opens
 * nothing; start() listens and resumes unfinished batches; stop() undoes it
 * all in order and may be called more than once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Analyzer, Planner, Transcriber } from './ai/analyzer.js';
import type { EndpointCheck } from './ai/endpoint-check.js';
import type { Config } from './config.js';
import { BatchStore } from './db/batch-store.js';
import type { Db } from './db/client.js';
import { PlanStore } from './db/plan-store.js';
import { WebhookStore } from './db/webhook-store.js';
import { createHealthCheck } from './health.js';
import { createThumbnailStrips } from './media/thumbnail-strips.js';
import { createBatchActions } from './pipeline/batch-actions.js';
import type { NewBatch } from './db/batch-store.js';
import type { ThroughputTracker } from './estimate/throughput.js';
import { estimateNewBatch } from './estimate/estimate-new-batch.js';
import type { SourceChecks } from './pipeline/batch-input.js';
import { createProgressBus } from './pipeline/events.js';
import { createRunner } from './pipeline/run-batch.js';
import type { StageDeps } from './pipeline/stage-deps.js';
import type { MediaTools } from './workers/ffmpeg/resolve.js';
import type { StageRegistry } from './pipeline/registry.js';
import type { WebhookEvent } from './domain/statuses.js';
import type { Context } from './schema/context.js';
import { buildSchema } from './schema/index.js';
import { useBearerAuth } from './server/auth-plugin.js';
import { tokenAllowed } from './server/auth.js';
import { createGraphiqlRenderer, graphiqlOptions } from './server/graphiql.js';
import { CSRF_HEADER, useCsrfPrevention } from './server/csrf-plugin.js';
import { attachGraphqlWs } from './server/graphql-ws.js';
import { createGate, gated } from './server/http-gate.js';
import { useListCost } from './server/list-cost.js';
import { useRoutes } from './server/routes-plugin.js';
import { useUploads } from './server/uploads-plugin.js';
import { useWebApp, WEB_APP_ROUTES } from './server/web-app-plugin.js';
import { uploadsDirOf } from './sources/uploads-dir.js';
import { createStreamLimiter } from './server/sse-limit.js';
import { useGuardedGraphQLSSE } from './server/sse-plugin.js';
import type { Storage } from './storage/storage.js';
import type { MediaPool } from './workers/media-pool.js';

/** Everything the app runs on; main.ts (or a test) builds these. */
export interface AppServices {
  config: Config;
  db: Db;
  log: Logger;
  tools: MediaTools;
  pool: MediaPool;
  storage: Storage;
  analyzer: Analyzer;
  planner: Planner;
  transcriber: Transcriber | null;
  checks: SourceChecks;
  /** Serves signed local links; null for storage that serves its own. */
  files: ((req: Request) => Promise<Response | null>) | null;
  /** Background loops started with the server (webhook dispatcher, sweeper). */
  background?: { start(): void; stop(): Promise<void> }[];
  /** Called when a batch event should produce a webhook. */
  notify?: (batchId: string, event: WebhookEvent) => void;
  stages?: StageRegistry;
  now?: () => Date;
  /** Throughput this process has measured (feeds estimatedCompletionAt); a fresh one when absent. */
  throughput?: ThroughputTracker;
  version?: string;
  /** The model endpoint's reachability check (run at start); null or absent with the offline analyzer. */
  endpoint?: EndpointCheck | null;
  /** The built review app (`web/dist`); null or absent serves no app. */
  webDir?: string | null;
}

/**
 * Builds the app without opening anything.
 * Long because it is the composition root: it wires every service, the schema and the plugins in one place.
 */
export function buildApp(services: AppServices) {
  const { config, db, log } = services;
  const now = services.now ?? (() => new Date());
  const batches = new BatchStore(db, now);
  const plans = new PlanStore(db, now, config.security.planVersionsKept);
  const webhooks = new WebhookStore(db, now);
  const bus = createProgressBus();
  const stageDeps: StageDeps = {
    config,
    pool: services.pool,
    tools: services.tools,
    storage: services.storage,
    analyzer: services.analyzer,
    planner: services.planner,
    transcriber: services.transcriber,
    log,
    now,
  };
  const notify = (batchId: string, event: WebhookEvent) => services.notify?.(batchId, event);
  const runner = createRunner({ batches, plans, bus, stageDeps, log, now, notify, stages: services.stages, throughput: services.throughput });
  const estimate = (data: NewBatch) => estimateNewBatch(data, { config, ffprobePath: services.tools.ffprobePath });
  const actions = createBatchActions({ db, config, batches, plans, runner, checks: services.checks, estimate });
  const health = createHealthCheck({
    db,
    storage: services.storage,
    tools: services.tools,
    pool: services.pool,
    config,
    version: services.version ?? '0.0.0',
    startedAt: now(),
    endpoint: services.endpoint ?? null,
  });

  const context: Context = { config, batches, plans, webhooks, actions, bus, health, storage: services.storage, thumbnails: createThumbnailStrips({ pool: services.pool, storage: services.storage, now }) };
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    context: () => context,
    graphiql: graphiqlOptions({ authRequired: config.authRequired }),
    renderGraphiQL: createGraphiqlRenderer(),
    landingPage: false,
    // Yoga's own health check answers any URL ending in /health before every plugin, auth
    // included; no URL can end in a NUL character, so this turns it off (/healthz is ours).
    healthCheckEndpoint: '\u0000',
    // GraphQL bodies are small (a plan of 50 clips is ~30 KB); uploads go elsewhere.
    maxRequestBodySize: 1_000_000,
    // No CORS unless CORS_ORIGINS lists origins; the gate in start() refuses every other Origin.
    cors: config.security.corsOrigins.length
      ? {
          origin: config.security.corsOrigins,
          credentials: false,
          methods: ['GET', 'POST', 'PUT', 'DELETE'],
          allowedHeaders: ['authorization', 'content-type', 'accept', CSRF_HEADER, 'x-graphql-event-stream-token'],
          maxAge: 600,
        }
      : false,
    logging: {
      debug: (...a) => log.debug(a),
      info: (...a) => log.info(a),
      warn: (...a) => log.warn(a),
      error: (...a) => log.error(a),
    },
    plugins: [
      useBearerAuth({
        required: config.authRequired,
        tokens: config.apiTokens,
        routes: {
          paths: ['/healthz', ...(services.webDir ? WEB_APP_ROUTES.paths : [])],
          prefixes: ['/files/', ...(services.webDir ? WEB_APP_ROUTES.prefixes : [])],
          graphiqlEndpoint: '/graphql',
        },
      }),
      useUploads({ dir: uploadsDirOf(config.dataDir), maxBytes: config.download.maxBytes, ttlSeconds: config.security.uploadTtlSeconds }),
      ...(services.webDir ? [useWebApp({ dir: services.webDir })] : []),
      useRoutes({
        health,
        files: services.files,
        authorized: (req) => !config.authRequired || tokenAllowed(req.headers.get('authorization'), config.apiTokens),
      }),
      useGuardedGraphQLSSE(log),
      useCsrfPrevention(),
      EnvelopArmorPlugin({
        maxDepth: { n: 12 },
        maxAliases: { n: 15 },
        maxTokens: { n: 5000 },
        costLimit: { maxCost: 50000 },
        maxDirectives: { n: 20 },
      }),
      useListCost(),
    ],
  });

  let server: Server | null = null;
  let ws: { close(): Promise<void> } | null = null;
  let stopping: Promise<void> | null = null;

  return {
    yoga,
    runner,
    actions,
    batches,
    plans,
    webhooks,
    bus,
    /** Listens, starts background loops and resumes unfinished batches. Returns the base URL. */
    async start(): Promise<{ url: string; port: number }> {
      // Host/Origin rules and the stream bound run before anything answers (GraphQL, files, static, uploads).
      const gate = createGate({ bindHost: config.host, publicBaseUrl: () => config.publicBaseUrl, corsOrigins: config.security.corsOrigins });
      const streams = createStreamLimiter(config.security.maxSseStreamsPerClient);
      server = createServer(gated([(req) => gate(req.headers), streams], yoga));
      ws = attachGraphqlWs(server, yoga as never, {
        authRequired: config.authRequired,
        tokens: config.apiTokens,
        gate,
        maxSubscriptions: config.security.maxSubscriptionsPerConnection,
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(config.port, config.host, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      // An ephemeral port is known only now; signed links must name it.
      if (!config.publicBaseUrlSet) config.publicBaseUrl = `http://${host}:${port}`;
      if (!config.publicBaseUrlSet && (config.host === '0.0.0.0' || config.host === '::')) {
        log.warn(
          { publicBaseUrl: config.publicBaseUrl },
          `HOST=${config.host} listens on every address, but download links need one clients can reach: set PUBLIC_BASE_URL (e.g. http://my-server:${port})`,
        );
      }
      for (const b of services.background ?? []) b.start();
      if (services.endpoint) {
        const endpoint = services.endpoint;
        log.info({ endpoint: endpoint.status().url }, `model endpoint: ${endpoint.status().url} (AI_BASE_URL)`);
        void endpoint.check().then((s) => {
          if (s.reachable === false) log.warn({ endpoint: s.url }, s.message);
        });
      }
      const resumed = runner.resumeAll();
      log.info({ port, resumed }, `autoclip listening on http://${host}:${port}/graphql`);
      return { url: `http://${host}:${port}`, port };
    },
    /** Stops taking requests, stops running work (it resumes on the next start), closes everything. */
    stop(): Promise<void> {
      stopping ??= (async () => {
        await ws?.close();
        if (server) {
          server.closeAllConnections?.();
          await new Promise<void>((resolve) => server!.close(() => resolve()));
        }
        // Remote jobs keep running through a restart: the next server re-attaches to them.
        services.pool.detach?.();
        await runner.close();
        for (const b of services.background ?? []) await b.stop();
        await services.pool.close();
        db.$client.close();
      })();
      return stopping;
    },
  };
}

/** The app built by buildApp. */
export type App = ReturnType<typeof buildApp>;
