/** The `health` and `compressionProfiles` queries. */
import { compressionInfo, type CompressionProfileInfo } from '../media/profiles.js';
import type { ComponentHealth, HealthReport } from '../health.js';
import { builder } from './builder.js';
import { CompressionProfileEnum } from './enums.js';

const ComponentRef = builder.objectRef<ComponentHealth & { driver?: string }>('ComponentHealth').implement({
  description: 'The state of one part of the server.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'True when it works.' }),
    message: t.exposeString('message', { description: 'Details, for a person.' }),
  }),
});

const ToolRef = builder.objectRef<{ path: string; version: string; source?: string }>('MediaTool').implement({
  description: 'A media binary the server runs.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Where it is.' }),
    version: t.exposeString('version', { description: 'Its version line.' }),
    source: t.string({ nullable: true, resolve: (x) => x.source ?? null, description: 'How it was found: env, npm or system.' }),
  }),
});

const QueueWorkerRef = builder.objectRef<HealthReport['queue']['workers'][number]>('QueueWorker').implement({
  description: 'An `autoclip worker` seen alive recently.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The worker’s name (WORKER_NAME, default host-pid).' }),
    concurrency: t.exposeInt('concurrency', { description: 'Jobs it runs at once (WORKER_CONCURRENCY).' }),
    lastSeen: t.exposeString('lastSeen', { description: 'When it last announced itself (ISO 8601).' }),
    runningJobs: t.exposeInt('runningJobs', { description: 'Jobs it was running then.' }),
  }),
});

const QueueDepthRef = builder.objectRef<HealthReport['queue']['depth'][number]>('QueueDepth').implement({
  description: 'Jobs of one kind in the queue.',
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'probe, compress, signals, frames, audio, render or join.' }),
    waiting: t.exposeInt('waiting', { description: 'Jobs waiting for a worker.' }),
    active: t.exposeInt('active', { description: 'Jobs a worker is running.' }),
  }),
});

const QueueRef = builder.objectRef<HealthReport['queue']>('QueueHealth').implement({
  description: 'Where ffmpeg runs and how busy it is.',
  fields: (t) => ({
    driver: t.exposeString('driver', { description: 'local (this process’s threads) or bullmq (workers over Redis).' }),
    ok: t.exposeBoolean('ok', { description: 'True when the queue answers (always for local).' }),
    message: t.exposeString('message', { description: 'Details, for a person.' }),
    workers: t.field({ type: [QueueWorkerRef], resolve: (q) => q.workers, description: 'Workers alive (empty for local).' }),
    depth: t.field({ type: [QueueDepthRef], resolve: (q) => q.depth, description: 'Jobs per kind (empty for local).' }),
  }),
});

const HealthRef = builder.objectRef<HealthReport>('Health').implement({
  description: 'The server’s state.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'True when the database and storage work.' }),
    version: t.exposeString('version', { description: 'autoclip’s version.' }),
    uptimeSeconds: t.exposeInt('uptimeSeconds', { description: 'Seconds since start.' }),
    database: t.field({ type: ComponentRef, resolve: (h) => h.database, description: 'The SQLite database.' }),
    storage: t.field({ type: ComponentRef, resolve: (h) => h.storage, description: 'The storage backend.' }),
    storageDriver: t.string({ resolve: (h) => h.storage.driver, description: 'local or oss.' }),
    ffmpeg: t.field({ type: ToolRef, resolve: (h) => h.ffmpeg, description: 'The ffmpeg in use.' }),
    ffprobe: t.field({ type: ToolRef, resolve: (h) => h.ffprobe, description: 'The ffprobe in use.' }),
    analyzer: t.exposeString('analyzer', { description: 'openai (a model API is configured) or offline.' }),
    modelEndpoint: t.string({ nullable: true, resolve: (h) => h.modelEndpoint?.url ?? null, description: 'The model endpoint in use (AI_BASE_URL); null with the offline analyzer.' }),
    modelEndpointReachable: t.boolean({
      nullable: true,
      resolve: (h) => h.modelEndpoint?.reachable ?? null,
      description: 'Whether the model endpoint answered when the server started; null when not checked.',
    }),
    warnings: t.stringList({ resolve: (h) => h.warnings, description: 'Problems that do not stop the server, each saying what to do.' }),
    workerThreads: t.exposeInt('workerThreads', { description: 'ffmpeg processes that may run at once.' }),
    runningTasks: t.exposeInt('runningTasks', { description: 'ffmpeg tasks running now.' }),
    queuedTasks: t.exposeInt('queuedTasks', { description: 'ffmpeg tasks waiting for a thread.' }),
    queue: t.field({ type: QueueRef, resolve: (h) => h.queue, description: 'The driver that runs ffmpeg, its workers and queue depth.' }),
  }),
});

const ProfileInfoRef = builder.objectRef<CompressionProfileInfo>('CompressionProfileInfo').implement({
  description: 'The settings of one compression profile.',
  fields: (t) => ({
    name: t.field({ type: CompressionProfileEnum, resolve: (p) => p.name, description: 'The profile.' }),
    maxShortSide: t.exposeInt('maxShortSide', { description: 'Cap on the shorter side in pixels (aspect kept, never upscaled).' }),
    fps: t.exposeInt('fps', { description: 'Cap on the frame rate (never raised).' }),
    videoBitrate: t.exposeString('videoBitrate', { description: 'Ceiling of the video bitrate.' }),
    audioBitrate: t.exposeString('audioBitrate', { description: 'AAC bitrate.' }),
    sampleRate: t.exposeInt('sampleRate', { description: 'Audio sample rate in Hz.' }),
    preset: t.exposeString('preset', { description: 'x264 preset.' }),
    crf: t.exposeInt('crf', { description: 'x264 constant rate factor.' }),
    description: t.exposeString('description', { description: 'When to use it.' }),
  }),
});

builder.queryFields((t) => ({
  health: t.field({ type: HealthRef, description: 'The server’s state: database, storage, ffmpeg, pool.', resolve: (_r, _a, ctx) => ctx.health() }),
  compressionProfiles: t.field({
    type: [ProfileInfoRef],
    description: 'The concrete compression profiles (DYNAMIC picks one of them by duration).',
    resolve: () => [...compressionInfo],
  }),
}));
